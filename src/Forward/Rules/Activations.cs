using System.Runtime.CompilerServices;
using System.Numerics;

namespace DualGrad.Forward;

// Activation functions of neural networks (the notebook's exercises use a sigmoid and tanh).
public static partial class Rules
{
    /// <summary>σ(x) = 1/(1 + e⁻ˣ), evaluated without overflow for large |x|; d/dx = σ(x)(1 - σ(x)) = e/(1 + e)² with e = e^-|x|.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Sigmoid<T>(T x) where T : IFloatingPointIeee754<T>
    {
        // For x < 0 write σ = eˣ/(1 + eˣ) so that e⁻ˣ never overflows. The derivative as e/(1 + e)² keeps its relative
        // accuracy in the tails, where σ(1 − σ) cancels (it would give 0 at x = 40 instead of 4.2e-18).
        var (e, negative) = ExpMinusAbs(x);
        var onePlus = T.One + e;
        var s = negative ? e / onePlus : T.One / onePlus;
        return new(s, e / (onePlus * onePlus));
    }

    /// <summary>softplus(x) = ln(1 + eˣ) = max(x, 0) + ln(1 + e^-|x|), without overflow; d/dx = σ(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Softplus<T>(T x) where T : IFloatingPointIeee754<T>
    {
        var (e, negative) = ExpMinusAbs(x);
        var tail = AccurateLogP1(e);
        var onePlus = T.One + e;
        return negative ? new(tail, e / onePlus) : new(x + tail, T.One / onePlus);
    }

    /// <summary>relu(x) = max(x, 0); d/dx = 1 for x > 0 and 0 for x ≤ 0 (0 at the kink, as PyTorch chooses).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Relu<T>(T x) where T : IFloatingPointIeee754<T> =>
        x > T.Zero ? new(x, T.One) : IsNaNValue(x) ? new(x, x) : new(T.Zero, T.Zero);

    // e^-|x| with the sign of x, by a branch rather than through |x|: |x| has derivative 0 at 0 by convention, which would
    // drop the nested derivatives there (softplus'' at 0 read 0, not 1/4). Each branch is the same analytic function.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (T E, bool Negative) ExpMinusAbs<T>(T x) where T : IFloatingPointIeee754<T>
    {
        var negative = T.IsNegative(x);
        return (T.Exp(negative ? x : -x), negative);
    }
}
