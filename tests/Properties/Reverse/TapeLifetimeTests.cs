using DualGrad.Forward;
using DualGrad.Reverse;
using Xunit;

namespace DualGrad.Properties.Reverse;

// A tape is memory for one computation at a time: Reset forgets its steps, and the tape ReverseMode makes for one call
// gives its arrays back to the shared pool when the call returns. A Var kept past that point names a step that is no
// longer there; the backward sweep indexes without bounds checks, so Backward must refuse such a value, not read
// whatever now occupies the slot.
public sealed class TapeLifetimeTests
{
    [Fact]
    public void A_value_recorded_before_a_reset_is_refused()
    {
        var tape = new Tape<double>();
        var x = tape.Variable(2.0);
        var y = x * x * x;
        tape.Reset();
        tape.Variable(1.0);
        var e = Assert.Throws<InvalidOperationException>(() => tape.Backward(y, 1.0, new double[8]));
        Assert.Contains("before the tape was reset", e.Message);
    }

    [Fact]
    public void A_value_kept_after_a_one_call_gradient_is_refused()
    {
        Var<double> kept = default;
        var g = ReverseMode.Gradient<double>(x =>
        {
            kept = x[0] * x[1];
            return kept + x[0];
        }, [3.0, 4.0]);
        Assert.Equal([5.0, 3.0], g);
        Assert.NotNull(kept.Tape);
        Assert.Throws<InvalidOperationException>(() => kept.Tape!.Backward(kept, 1.0, new double[64]));
        Assert.Throws<InvalidOperationException>(() => kept.Tape!.Trace(kept));
    }

    [Fact]
    public void Pooled_one_call_tapes_on_many_threads_give_the_same_gradients_as_a_private_tape()
    {
        // The shared pool hands arrays from one call to the next, across threads: no result may depend on what a
        // previous user left in them (adjoints are cleared, steps overwritten before they are read).
        var points = Enumerable.Range(0, 64).Select(k => new[] { 0.1 * k - 1, 0.05 * k, 1.5 - 0.02 * k, 0.3 }).ToArray();
        var expected = points.Select(p => new Tape<double>().ValueAndGradient(ReverseTestFunctions.Rosenbrock, p, new double[4])).ToArray();
        var expectedGradients = points.Select(p =>
        {
            var g = new double[4];
            new Tape<double>().ValueAndGradient(ReverseTestFunctions.Rosenbrock, p, g);
            return g;
        }).ToArray();
        Parallel.For(0, 2_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var k = i % points.Length;
            var g = new double[4];
            var value = ReverseMode.ValueAndGradient<double>(ReverseTestFunctions.Rosenbrock, points[k], g);
            Assert.Equal(expected[k], value);
            Assert.Equal(expectedGradients[k], g);
        });
    }
}
