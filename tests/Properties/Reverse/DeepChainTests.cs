// Lesson: the continuation lives on the heap. In continuation-passing reverse mode each primitive calls "the rest
// of the program" and pulls back when it returns, so a chain of n steps holds n stack frames; DualGrad reifies that
// continuation as the tape and unwinds it in a loop. Depth is then bounded by memory, not by the call stack, and
// a chain of 10⁶ (10⁷ on demand) primitives differentiates like a chain of ten.
using System.Numerics;
using DualGrad.Forward;
using DualGrad.Reverse;

namespace DualGrad.Properties.Reverse;

public sealed class DeepChainTests
{
    // Chains chosen so the derivative neither underflows nor overflows (the y = sin(y)·1.0001 + 0.1·y is
    // contracting: after 10⁶ steps its derivative is 1e-323, a subnormal, and reverse = forward would say nothing):
    // - tanh chain y ← tanh(y) from y₀ = 1: one primitive per step; y_k ≈ √(3/(2k)) so dy_n/dy₀ ≈ n^(-3/2):
    //   about 1.6e-9 after 10⁶ steps;
    // - sine chain y ← sin(y)·0.5 + 0.5·y from y₀ = 1: four primitives per step, derivative ∏(0.5 cos y_k + 0.5),
    //   which decays polynomially the same way.
    private static T TanhChain<T>(T y, int steps) where T : IFloatingPointIeee754<T>
    {
        for (var k = 0; k < steps; k++) y = T.Tanh(y);
        return y;
    }

    private static T SineChain<T>(T y, int steps) where T : IFloatingPointIeee754<T>
    {
        var half = T.CreateTruncating(0.5);
        for (var k = 0; k < steps; k++) y = T.Sin(y) * half + half * y;
        return y;
    }

    // Tolerance 1e-12 relative. Both modes multiply the same n local derivatives (the primal trajectories are
    // identical, computed by the same rules), forward from the first factor and reverse from the last. Each product
    // rounds once (the sine chain also once per addition), so the two results differ by accumulated rounding: the
    // worst case is about 2nε (2e-10 for n = 10⁶), but independent roundings add like a random walk, √n·ε ≈ 1e-13,
    // so 1e-12 is a ten-sigma bound. The computation is deterministic: a passing bound cannot flake.
    private const double Tolerance = 1e-12;

    private static double ReverseDerivative(Func<Var<double>, Var<double>> chain, double y0, out int steps)
    {
        var tape = new Tape<double>(1 << 20);
        var gradient = new double[1];
        tape.ValueAndGradient(y => chain(y[0]), [y0], gradient);
        steps = tape.Count;
        return gradient[0];
    }

    [Fact]
    public void Tanh_chain_of_a_million_primitives_equals_forward_mode()
    {
        const int n = 1_000_000;
        var reverse = ReverseDerivative(y => TanhChain(y, n), 1.0, out var recorded);
        var forward = ForwardMode.Derivative(y => TanhChain(y, n), 1.0);
        Assert.Equal(n + 1, recorded);   // the input and one step per tanh
        Assert.InRange(forward, 1e-10, 1e-8);
        Precision.Relative(forward, reverse, Tolerance, "d/dy₀ of 10⁶ tanh");
    }

    [Fact]
    public void Sine_chain_of_a_million_primitives_equals_forward_mode()
    {
        const int n = 250_000;   // 4 primitives per step: sin, two products by 0.5, one sum
        var reverse = ReverseDerivative(y => SineChain(y, n), 1.0, out var recorded);
        var forward = ForwardMode.Derivative(y => SineChain(y, n), 1.0);
        Assert.Equal(4 * n + 1, recorded);
        Assert.InRange(forward, 1e-9, 1e-5);
        Precision.Relative(forward, reverse, Tolerance, "d/dy₀ of 250,000 sine steps");
    }

    // A recursive backward pass would need one frame per step (≈ 150 bytes: 150 MB for 10⁶ steps). Running the whole
    // gradient on a thread with a 256 KiB stack proves the depth never reaches the call stack. (A stack overflow
    // would end the test process: the run fails loudly, it cannot pass by accident.)
    [Fact]
    public void A_million_step_chain_runs_on_a_256_KiB_stack()
    {
        const int n = 1_000_000;
        var reverse = double.NaN;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { reverse = ReverseDerivative(y => TanhChain(y, n), 0.5, out _); }
            catch (Exception e) { failure = e; }
        }, maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(failure);
        Precision.Relative(ForwardMode.Derivative(y => TanhChain(y, n), 0.5), reverse, Tolerance, "d/dy₀ on a small stack");
    }

    // 10⁷ primitives: about 330 MB of tape plus 80 MB of adjoints, a few seconds. Opt-in, because it is a soak test.
    // xunit 2 has no dynamic skip (no Skip.If), so SoakFactAttribute sets Skip in its constructor when
    // DUALGRAD_SOAK is not "1": the test is reported as skipped, never as a silent pass.
    [SoakFact]
    public void Tanh_chain_of_ten_million_primitives_equals_forward_mode()
    {
        const int n = 10_000_000;
        var reverse = ReverseDerivative(y => TanhChain(y, n), 1.0, out var recorded);
        var forward = ForwardMode.Derivative(y => TanhChain(y, n), 1.0);
        Assert.Equal(n + 1, recorded);
        Assert.True(forward > 0, "the derivative underflowed");
        // √(10⁷)·ε ≈ 3.5e-13: the same random-walk bound still fits under 1e-12 (and under 2nε ≈ 2e-9 in the worst case).
        Precision.Relative(forward, reverse, Tolerance, "d/dy₀ of 10⁷ tanh");
    }
}

/// <summary>A fact that runs only when the environment variable DUALGRAD_SOAK is "1" (and is reported as skipped otherwise).</summary>
public sealed class SoakFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> unless DUALGRAD_SOAK=1.</summary>
    public SoakFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("DUALGRAD_SOAK") != "1")
            Skip = "Soak test: set DUALGRAD_SOAK=1 to run it.";
    }
}
