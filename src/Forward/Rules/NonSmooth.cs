using System.Runtime.CompilerServices;
using System.Numerics;

namespace DualGrad.Forward;

// Primitives without a derivative everywhere. Each states its one convention where the derivative does not exist;
// the tests in ConventionTests check every one of them.
public static partial class Rules
{
    /// <summary>|x|; d/dx = sign(x), and 0 at x = 0 (the subgradient of least norm, as PyTorch and JAX choose); NaN at NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Abs<T>(T x) where T : IFloatingPointIeee754<T> =>
        new(T.Abs(x), x > T.Zero ? T.One : x < T.Zero ? -T.One : IsZeroValue(x) ? T.Zero : T.NaN);

    /// <summary>max(x, y); the derivative goes to the larger argument, and at a tie it is split evenly (½, ½), so max(x, x) still has derivative 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local2<T> Max<T>(T x, T y) where T : IFloatingPointIeee754<T> => Select(T.Max(x, y), x > y, x == y);

    /// <summary>min(x, y); the derivative goes to the smaller argument, and at a tie it is split evenly (½, ½).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local2<T> Min<T>(T x, T y) where T : IFloatingPointIeee754<T> => Select(T.Min(x, y), x < y, x == y);

    /// <summary>A rounding function (floor, ceiling, round, truncate): piecewise constant, so its derivative is 0 everywhere (also at the jumps).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Rounding<T>(T roundedValue) where T : IFloatingPointIeee754<T> => new(roundedValue, T.Zero);

    /// <summary>x with the sign of y; ∂/∂x = ±1 (whether the sign was kept or flipped; NaN at a NaN x), ∂/∂y = 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local2<T> CopySign<T>(T x, T y) where T : IFloatingPointIeee754<T>
    {
        var value = T.CopySign(x, y);
        return new(value, IsNaNValue(x) ? T.NaN : T.IsNegative(x) == T.IsNegative(value) ? T.One : -T.One, T.Zero);
    }

    /// <summary>The next representable value up or down: a step of one ulp, so d/dx = 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Nudge<T>(T nudgedValue) where T : IFloatingPointIeee754<T> => new(nudgedValue, T.One);

    // The value comes from T.Max/T.Min, so a NaN argument still gives NaN.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Local2<T> Select<T>(T value, bool xWins, bool tie) where T : IFloatingPointIeee754<T>
    {
        if (tie)
        {
            var half = T.One / (T.One + T.One);
            return new(value, half, half);
        }
        return xWins ? new(value, T.One, T.Zero) : new(value, T.Zero, T.One);
    }
}
