using DualGrad.Reverse;
using Xunit;

namespace DualGrad.Properties.Reverse;

// Lesson: the backward sweep trusts every parent to be an earlier step of the same computation; that trust is what lets
// it index adjoints without bounds checks. So each way of breaking it must be refused where it happens, with a message
// saying what went wrong: a value kept from before Reset, a value leaked from a finished one-call gradient, a gradient
// taken on the same tape from inside the function it is differentiating. (Before these checks, the first wrote past
// the end of the adjoint array and could end the process.)
public sealed class MisuseTests
{
    private static double[] Adjoints(Tape<double> tape) => new double[tape.Count];

    [Theory]
    [InlineData(3)]
    [InlineData(5_000_000)]
    public void A_value_kept_from_before_Reset_is_refused_as_a_parent(int steps)
    {
        var tape = new Tape<double>();
        var v = tape.Variable(1.0);
        for (var i = 0; i < steps; i++) v += 1.0;   // v is step `steps`, far past what the next computation records
        tape.Reset();
        var x = tape.Variable(2.0);
        var e = Assert.Throws<InvalidOperationException>(() => x * v);
        Assert.Contains("recorded before the tape was reset", e.Message);
        Assert.Throws<InvalidOperationException>(() => Var<double>.Sin(v));
        Assert.Throws<InvalidOperationException>(() => tape.Custom("id", [v], v.Value, (g, slots) => slots[0] += g));
        // The tape itself is unharmed: the current computation goes on.
        var y = x * x;
        var adjoints = Adjoints(tape);
        tape.Backward(y, 1.0, adjoints);
        Assert.Equal(4.0, adjoints[x.Index]);
    }

    [Fact]
    public void A_value_leaked_from_a_finished_one_call_gradient_is_refused()
    {
        Var<double> leaked = default;
        var g = ReverseMode.Gradient<double>(x =>
        {
            leaked = x[0];
            return x[0] * x[0];
        }, [3.0]);
        Assert.Equal([6.0], g);
        // The call's tape gave its arrays back to the pool; recording on it again must not read or write them.
        var e = Assert.Throws<InvalidOperationException>(() => leaked * 2.0);
        Assert.Contains("recorded before the tape was reset", e.Message);
    }

    [Fact]
    public void A_custom_step_may_be_the_first_step_of_a_tape()
    {
        // Its closure's place is kept complemented (−1 for the first), so the parent check holds for it too.
        var tape = new Tape<double>();
        var c = tape.Custom("constant", [Var<double>.Constant(2)], 4.0, (g, slots) => slots[0] += 4 * g);
        var x = tape.Variable(3.0);
        var y = tape.Custom("scale", [x, c], 12.0, (g, slots) => { slots[0] += 4 * g; slots[1] += 3 * g; });
        var adjoints = Adjoints(tape);
        tape.Backward(y, 1.0, adjoints);
        Assert.Equal(4.0, adjoints[x.Index]);
        Assert.Equal(3.0, adjoints[c.Index]);
        Assert.Equal("constant", tape.PrimitiveName(c.Index));
        Assert.Equal("scale", tape.PrimitiveName(y.Index));
    }

    [Fact]
    public void A_pullback_that_runs_a_backward_pass_on_its_own_tape_keeps_its_slots()
    {
        // z = sq(x) + lin(x), with sq's pullback also running lin's backward pass into buffers of its own. Both
        // pullbacks used to share one scratch array, so the inner pass overwrote sq's slot: dz/dx = 3 + 3 instead of 2x + 3.
        var tape = new Tape<double>();
        var x = tape.Variable(5.5);
        var lin = tape.Custom("lin", [x], 3 * x.Value, (g, slots) => slots[0] += 3 * g);
        var inner = new double[4];   // the tape's steps: x, lin, sq, z
        var sq = tape.Custom("sq", [x], x.Value * x.Value, (g, slots) =>
        {
            slots[0] += 2 * 5.5 * g;
            tape.Backward(lin, 1.0, inner);
        });
        var z = sq + lin;
        Assert.Equal(4, tape.Count);
        var adjoints = Adjoints(tape);
        for (var pass = 0; pass < 2; pass++)   // the second pass runs with scratch memory the first one left behind
        {
            tape.Backward(z, 1.0, adjoints);
            Assert.Equal(14.0, adjoints[x.Index]);
            Assert.Equal(3.0, inner[x.Index]);
        }
    }

    [Fact]
    public void A_gradient_on_the_same_tape_inside_the_function_is_refused()
    {
        var tape = new Tape<double>();
        var g = new double[1];
        var e = Assert.Throws<InvalidOperationException>(() => tape.ValueAndGradient(x =>
        {
            tape.ValueAndGradient(y => y[0] * y[0], [2.0], new double[1]);   // resets the tape the outer f records on
            return x[0] * 3.0;
        }, [1.0], g));
        Assert.Contains("reset while a computation on it was running", e.Message);
        // A separate tape for the inner gradient is the way, and the outer tape still works.
        Assert.Equal(3.0, tape.ValueAndGradient(x => x[0] * 3.0, [1.0], g));
        Assert.Equal(3.0, g[0]);
    }

    [Fact]
    public void Reset_inside_a_pullback_is_refused()
    {
        var tape = new Tape<double>();
        var x = tape.Variable(1.0);
        var y = tape.Custom("resets", [x], 1.0, (g, slots) => tape.Reset());
        var e = Assert.Throws<InvalidOperationException>(() => tape.Backward(y, 1.0, Adjoints(tape)));
        Assert.Contains("Reset called from a pullback", e.Message);
    }

    [Fact]
    public void A_custom_primitive_needs_a_name_and_a_pullback_that_stays_in_its_slots()
    {
        var tape = new Tape<double>();
        var x = tape.Variable(1.0);
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => tape.Custom(null!, [x], 1.0, (g, slots) => { })).ParamName);
        var y = tape.Custom("wide", [x], 1.0, (g, slots) => slots[1] += g);
        var e = Assert.Throws<InvalidOperationException>(() => tape.Backward(y, 1.0, Adjoints(tape)));
        Assert.Contains("custom primitive 'wide' indexed out of range: it gets 1 slots", e.Message);
    }

    [Fact]
    public void A_recording_refuses_an_output_from_another_tape()
    {
        var other = new Tape<double>();
        var foreign = other.Variable(5.0);
        var e = Assert.Throws<InvalidOperationException>(() => Recording<double>.Record(_ => foreign, [1.0]));
        Assert.Contains("different recordings", e.Message);
    }
}
