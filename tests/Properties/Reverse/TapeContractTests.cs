using DualGrad.Reverse;
using Xunit;

namespace DualGrad.Properties.Reverse;

// Contracts of the tape that a mutation run found unobserved: its argument messages, the exact boundary of a stale
// value, a fused multiply-add replayed when its product is a constant, and how a trace shows a custom step.
public sealed class TapeContractTests
{
    [Fact]
    public void Backward_names_the_short_buffer_and_the_mismatched_seeds()
    {
        var tape = new Tape<double>();
        var x = tape.Variable(2.0);
        var y = x * x;
        var e = Assert.Throws<ArgumentException>(() => tape.Backward(y, 1.0, new double[1]));
        Assert.Equal("adjoints", e.ParamName);
        Assert.Contains("adjoints has length 1, the tape has 2 steps", e.Message);
        var seeds = Assert.Throws<ArgumentException>(() => tape.Backward([y, x], [1.0], new double[2]));
        Assert.Equal("seeds", seeds.ParamName);
        Assert.Contains("seeds has length 1, outputs has length 2", seeds.Message);
    }

    [Fact]
    public void A_value_whose_step_index_equals_the_count_after_a_reset_is_stale()
    {
        // y is step 2; after the reset two new inputs make the count exactly 2: the first index no longer on the tape.
        var tape = new Tape<double>();
        var x = tape.Variable(2.0);
        var y = x * x + x;
        Assert.Equal(3, tape.Count);
        tape.Reset();
        tape.Variable(1.0);
        tape.Variable(1.0);
        Assert.Equal(2, tape.Count);
        var e = Assert.Throws<InvalidOperationException>(() => tape.Backward(y, 1.0, new double[4]));
        Assert.Contains("before the tape was reset", e.Message);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-3.0)]
    public void A_fused_multiply_add_with_a_constant_product_replays_like_a_fresh_recording(double at)
    {
        // The product of two constants is a constant, so the fused step has no product step to recompute from.
        static Var<double> F(ReadOnlySpan<Var<double>> v) =>
            Var<double>.FusedMultiplyAdd(Var<double>.Constant(3.0), Var<double>.Constant(0.1), v[0] * v[0])
            + Var<double>.FusedMultiplyAdd(v[0], Var<double>.Constant(2.0), v[1]);
        var recording = Recording<double>.Record(F, [1.0, 1.0]);
        double[] point = [at, 2 * at], replayed = new double[2], fresh = new double[2];
        var value = recording.ValueAndGradient(point, replayed);
        Assert.Equal(ReverseMode.ValueAndGradient<double>(F, point, fresh), value);
        Assert.Equal(fresh, replayed);
        Assert.Equal(new[] { 2 * at + 2, 1.0 }, fresh);   // d/dx (0.3 + x² + 2x + y) = 2x + 2, d/dy = 1, exactly
    }

    [Fact]
    public void A_fused_multiply_add_of_a_square_replays_with_one_rounding()
    {
        // x·x is recorded as a Square step (one parent), and replay must still recompute x·x + z with one rounding:
        // at x = 1 + 2⁻³⁰, z = -(1 + 2⁻²⁹) the exact x² + z is 2⁻⁶⁰, while rounding x² first gives 0.
        static Var<double> F(ReadOnlySpan<Var<double>> v) => Var<double>.FusedMultiplyAdd(v[0], v[0], v[1]);
        var recording = Recording<double>.Record(F, [2.0, 1.0]);
        double[] point = [1 + Math.Pow(2, -30), -(1 + Math.Pow(2, -29))], replayed = new double[2], fresh = new double[2];
        var value = recording.ValueAndGradient(point, replayed);
        Assert.Equal(Math.Pow(2, -60), value);
        Assert.Equal(ReverseMode.ValueAndGradient<double>(F, point, fresh), value);
        Assert.Equal(fresh, replayed);
    }

    [Fact]
    public void A_trace_shows_a_custom_step_with_its_parents()
    {
        var tape = new Tape<double>();
        var a = tape.Variable(1.0);
        var b = tape.Variable(2.0);
        var c = Var<double>.Constant(5.0);
        var s = tape.Custom("sum3", [a, c, b], 8.0, (g, slots) => { slots[0] += g; slots[1] += g; slots[2] += g; });
        var trace = tape.Trace(s);
        var step = Assert.Single(trace, t => t.Operation == "sum3");
        Assert.Equal(new[] { a.Index, b.Index }, step.Parents);   // the constant has no node, so it is not a parent
        Assert.Equal(1.0, step.Adjoint);
    }
}
