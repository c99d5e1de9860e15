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
}
