using System.Runtime.CompilerServices;
using System.Numerics;

using DualGrad.Forward;

namespace DualGrad.Reverse;

// Members without a derivative everywhere. Each convention is stated beside it and tested in ConventionTests.
public readonly partial struct Var<T>
{
    /// <summary>|x|; derivative sign(x), and 0 at x = 0 (<see cref="Rules.Abs{T}"/>).</summary>
    /// <param name="value">x.</param>
    /// <returns>|x| recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Abs(Var<T> value) => Chain(Primitive.Abs, Rules.Abs(value.Value), value);

    /// <summary>The larger of x and y; at a tie the derivative is split evenly (<see cref="Rules.Max{T}"/>).</summary>
    /// <param name="x">x.</param><param name="y">y.</param>
    /// <returns>max(x, y) recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Max(Var<T> x, Var<T> y) => Chain(Primitive.Max, Rules.Max(x.Value, y.Value), x, y);

    /// <summary>The smaller of x and y; at a tie the derivative is split evenly (<see cref="Rules.Min{T}"/>).</summary>
    /// <param name="x">x.</param><param name="y">y.</param>
    /// <returns>min(x, y) recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Min(Var<T> x, Var<T> y) => Chain(Primitive.Min, Rules.Min(x.Value, y.Value), x, y);

    // Convention: like Max, but a NaN argument loses to a number (IEEE maxNumber).
    /// <summary>The larger of x and y, preferring a number to NaN; ties split the derivative evenly.</summary>
    /// <param name="x">x.</param><param name="y">y.</param>
    /// <returns>maxNumber(x, y) recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> MaxNumber(Var<T> x, Var<T> y) => IsNaNGuarded(x) ? y : IsNaNGuarded(y) ? x : Max(x, y);

    // Convention: like Min, but a NaN argument loses to a number (IEEE minNumber).
    /// <summary>The smaller of x and y, preferring a number to NaN; ties split the derivative evenly.</summary>
    /// <param name="x">x.</param><param name="y">y.</param>
    /// <returns>minNumber(x, y) recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> MinNumber(Var<T> x, Var<T> y) => IsNaNGuarded(x) ? y : IsNaNGuarded(y) ? x : Min(x, y);

    // The NaN test as a recorded comparison (x ≠ x), so that replay at a point where an argument turns NaN, or stops
    // being NaN, is refused like any other branch that would go the other way.
#pragma warning disable CS1718 // comparing x with itself is the NaN test
    private static bool IsNaNGuarded(Var<T> x) => x != x;
#pragma warning restore CS1718

    // Convention: selection on the primal values, the whole selected argument (value and recording) is returned.
    /// <summary>The argument of larger magnitude (chosen on primal values, as <c>T.MaxMagnitude</c> chooses).</summary>
    /// <param name="x">x.</param><param name="y">y.</param>
    /// <returns>The selected argument, recording included.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> MaxMagnitude(Var<T> x, Var<T> y) => SelectByMagnitude(T.MaxMagnitude(x.Value, y.Value), x, y);

    /// <summary>The argument of smaller magnitude (a selection on primal values).</summary>
    /// <param name="x">x.</param><param name="y">y.</param>
    /// <returns>The selected argument, recording included.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> MinMagnitude(Var<T> x, Var<T> y) => SelectByMagnitude(T.MinMagnitude(x.Value, y.Value), x, y);

    /// <summary>The argument of larger magnitude, preferring a number to NaN (a selection on primal values).</summary>
    /// <param name="x">x.</param><param name="y">y.</param>
    /// <returns>The selected argument, recording included.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> MaxMagnitudeNumber(Var<T> x, Var<T> y) => SelectByMagnitude(T.MaxMagnitudeNumber(x.Value, y.Value), x, y);

    /// <summary>The argument of smaller magnitude, preferring a number to NaN (a selection on primal values).</summary>
    /// <param name="x">x.</param><param name="y">y.</param>
    /// <returns>The selected argument, recording included.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> MinMagnitudeNumber(Var<T> x, Var<T> y) => SelectByMagnitude(T.MinMagnitudeNumber(x.Value, y.Value), x, y);

    // Convention: Clamp selects. Inside [min, max], boundaries included, x passes through with derivative 1;
    // outside, the bound it was clamped to is returned whole, so the derivative flows to that bound.
    /// <summary>x limited to [min, max]; the derivative flows to whichever of x, min, max is returned (x on the closed interval).</summary>
    /// <param name="value">x.</param><param name="min">The lower bound.</param><param name="max">The upper bound.</param>
    /// <returns>The selected argument, recording included.</returns>
    /// <exception cref="ArgumentException">When min &gt; max.</exception>
    public static Var<T> Clamp(Var<T> value, Var<T> min, Var<T> max)
    {
        if (min.Value > max.Value) throw new ArgumentException($"Clamp: min ({min.Value}) is greater than max ({max.Value}).", nameof(min));
        // The comparisons go through the recorded operators, so replay checks the same branch.
        return value < min ? min : value > max ? max : value;
    }

    /// <summary>x with the sign of y; ∂/∂x = ±1, ∂/∂y = 0 (<see cref="Rules.CopySign{T}"/>).</summary>
    /// <param name="value">x.</param><param name="sign">y.</param>
    /// <returns>copysign(x, y) recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> CopySign(Var<T> value, Var<T> sign) => Chain(Primitive.CopySign, Rules.CopySign(value.Value, sign.Value), value, sign);

    /// <summary>⌊x⌋; derivative 0 (piecewise constant).</summary>
    /// <param name="x">x.</param>
    /// <returns>⌊x⌋ as a constant.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Floor(Var<T> x) => Chain(Primitive.Floor, Rules.Rounding(T.Floor(x.Value)), x);

    /// <summary>⌈x⌉; derivative 0 (piecewise constant).</summary>
    /// <param name="x">x.</param>
    /// <returns>⌈x⌉ as a constant.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Ceiling(Var<T> x) => Chain(Primitive.Ceiling, Rules.Rounding(T.Ceiling(x.Value)), x);

    /// <summary>x rounded toward zero; derivative 0 (piecewise constant).</summary>
    /// <param name="x">x.</param>
    /// <returns>trunc(x) as a constant.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Truncate(Var<T> x) => Chain(Primitive.Truncate, Rules.Rounding(T.Truncate(x.Value)), x);

    /// <summary>x rounded to <paramref name="digits"/> digits with <paramref name="mode"/>; derivative 0 (piecewise constant).</summary>
    /// <param name="x">x.</param><param name="digits">Fractional digits to keep.</param><param name="mode">The midpoint rule.</param>
    /// <returns>The rounded value as a constant.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Round(Var<T> x, int digits, MidpointRounding mode) => Chain(Primitive.Round, Rules.Rounding(T.Round(x.Value, digits, mode)), x, T.CreateTruncating(digits * 8 + (int)mode));

    /// <summary>The next representable value above x; derivative 1 (a step of one ulp).</summary>
    /// <param name="x">x.</param>
    /// <returns>The next value up, derivative 1.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> BitIncrement(Var<T> x) => Chain(Primitive.BitIncrement, Rules.Nudge(T.BitIncrement(x.Value)), x);

    /// <summary>The next representable value below x; derivative 1 (a step of one ulp).</summary>
    /// <param name="x">x.</param>
    /// <returns>The next value down, derivative 1.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> BitDecrement(Var<T> x) => Chain(Primitive.BitDecrement, Rules.Nudge(T.BitDecrement(x.Value)), x);

    /// <summary>The sign of the primal value (-1, 0 or 1).</summary>
    /// <param name="value">x.</param>
    /// <returns>The sign.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Sign(Var<T> value) => T.Sign(value.Value);

    /// <summary>The unbiased exponent of the primal value.</summary>
    /// <param name="x">x.</param>
    /// <returns>⌊log₂|x|⌋.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ILogB(Var<T> x) => T.ILogB(x.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Var<T> Select(T chosen, Var<T> x, Var<T> y) => chosen == x.Value || T.IsNaN(chosen) && T.IsNaN(x.Value) ? x : y;

    // The choice between x and y depends on |x| against |y|: record that comparison (both ways, so ties count too)
    // as guards, so that a replay notices when the other argument would now be chosen.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Var<T> SelectByMagnitude(T chosen, Var<T> x, Var<T> y)
    {
        var ax = Abs(x);
        var ay = Abs(y);
        _ = ax < ay;
        _ = ax > ay;
        return Select(chosen, x, y);
    }
}
