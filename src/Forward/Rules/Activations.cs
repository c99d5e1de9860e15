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
        var e = T.Exp(-T.Abs(x));
        var onePlus = T.One + e;
        var s = T.IsNegative(x) ? e / onePlus : T.One / onePlus;
        return new(s, e / (onePlus * onePlus));
    }

    /// <summary>softplus(x) = ln(1 + eˣ) = max(x, 0) + ln(1 + e^-|x|), without overflow; d/dx = σ(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Softplus<T>(T x) where T : IFloatingPointIeee754<T>
    {
        var value = T.Max(x, T.Zero) + AccurateLogP1(T.Exp(-T.Abs(x)));
        return new(value, Sigmoid(x).Value);
    }

    /// <summary>relu(x) = max(x, 0); d/dx = 1 for x > 0 and 0 for x ≤ 0 (0 at the kink, as PyTorch chooses).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Relu<T>(T x) where T : IFloatingPointIeee754<T> =>
        x > T.Zero ? new(x, T.One) : T.IsNaN(x) ? new(x, x) : new(T.Zero, T.Zero);
}
