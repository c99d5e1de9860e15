using System.Runtime.CompilerServices;
using System.Numerics;

namespace DualGrad.Forward;

// Members without a derivative everywhere. Each convention is stated beside it and tested in ConventionTests.
public readonly partial struct Dual<T>
{
    /// <summary>|x|; derivative sign(x), and 0 at x = 0 (<see cref="Rules.Abs{T}"/>).</summary>
    /// <param name="value">x.</param>
    /// <returns>|x| with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Abs(Dual<T> value) => Chain(Rules.Abs(value.Value), value);

    /// <summary>The larger of x and y; at a tie the derivative is split evenly (<see cref="Rules.Max{T}"/>).</summary>
    /// <param name="x">x.</param><param name="y">y.</param>
    /// <returns>max(x, y) with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Max(Dual<T> x, Dual<T> y) => Chain(Rules.Max(x.Value, y.Value), x, y);

    /// <summary>The smaller of x and y; at a tie the derivative is split evenly (<see cref="Rules.Min{T}"/>).</summary>
    /// <param name="x">x.</param><param name="y">y.</param>
    /// <returns>min(x, y) with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Min(Dual<T> x, Dual<T> y) => Chain(Rules.Min(x.Value, y.Value), x, y);

    // Convention: like Max, but a NaN argument loses to a number (IEEE maxNumber).
    /// <summary>The larger of x and y, preferring a number to NaN; ties split the derivative evenly.</summary>
    /// <param name="x">x.</param><param name="y">y.</param>
    /// <returns>maxNumber(x, y) with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> MaxNumber(Dual<T> x, Dual<T> y) => T.IsNaN(x.Value) ? y : T.IsNaN(y.Value) ? x : Max(x, y);

    // Convention: like Min, but a NaN argument loses to a number (IEEE minNumber).
    /// <summary>The smaller of x and y, preferring a number to NaN; ties split the derivative evenly.</summary>
    /// <param name="x">x.</param><param name="y">y.</param>
    /// <returns>minNumber(x, y) with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> MinNumber(Dual<T> x, Dual<T> y) => T.IsNaN(x.Value) ? y : T.IsNaN(y.Value) ? x : Min(x, y);

    // Convention: selection on the primal values, the whole selected argument (value and tangent) is returned.
    /// <summary>The argument of larger magnitude (chosen on primal values, as <c>T.MaxMagnitude</c> chooses).</summary>
    /// <param name="x">x.</param><param name="y">y.</param>
    /// <returns>The selected argument, tangent included.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> MaxMagnitude(Dual<T> x, Dual<T> y) => Select(T.MaxMagnitude(x.Value, y.Value), x, y);

    /// <summary>The argument of smaller magnitude (a selection on primal values).</summary>
    /// <param name="x">x.</param><param name="y">y.</param>
    /// <returns>The selected argument, tangent included.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> MinMagnitude(Dual<T> x, Dual<T> y) => Select(T.MinMagnitude(x.Value, y.Value), x, y);

    /// <summary>The argument of larger magnitude, preferring a number to NaN (a selection on primal values).</summary>
    /// <param name="x">x.</param><param name="y">y.</param>
    /// <returns>The selected argument, tangent included.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> MaxMagnitudeNumber(Dual<T> x, Dual<T> y) => Select(T.MaxMagnitudeNumber(x.Value, y.Value), x, y);

    /// <summary>The argument of smaller magnitude, preferring a number to NaN (a selection on primal values).</summary>
    /// <param name="x">x.</param><param name="y">y.</param>
    /// <returns>The selected argument, tangent included.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> MinMagnitudeNumber(Dual<T> x, Dual<T> y) => Select(T.MinMagnitudeNumber(x.Value, y.Value), x, y);

    // Convention: Clamp selects. Inside [min, max], boundaries included, x passes through with derivative 1;
    // outside, the bound it was clamped to is returned whole, so the derivative flows to that bound.
    /// <summary>x limited to [min, max]; the derivative flows to whichever of x, min, max is returned (x on the closed interval).</summary>
    /// <param name="value">x.</param><param name="min">The lower bound.</param><param name="max">The upper bound.</param>
    /// <returns>The selected argument, tangent included.</returns>
    /// <exception cref="ArgumentException">When min &gt; max.</exception>
    public static Dual<T> Clamp(Dual<T> value, Dual<T> min, Dual<T> max)
    {
        if (min.Value > max.Value) throw new ArgumentException($"Clamp: min ({min.Value}) is greater than max ({max.Value}).", nameof(min));
        return value.Value < min.Value ? min : value.Value > max.Value ? max : value;
    }

    /// <summary>x with the sign of y; ∂/∂x = ±1, ∂/∂y = 0 (<see cref="Rules.CopySign{T}"/>).</summary>
    /// <param name="value">x.</param><param name="sign">y.</param>
    /// <returns>copysign(x, y) with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> CopySign(Dual<T> value, Dual<T> sign) => Chain(Rules.CopySign(value.Value, sign.Value), value, sign);

    /// <summary>⌊x⌋; derivative 0 (piecewise constant).</summary>
    /// <param name="x">x.</param>
    /// <returns>⌊x⌋ as a constant.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Floor(Dual<T> x) => Chain(Rules.Rounding(T.Floor(x.Value)), x);

    /// <summary>⌈x⌉; derivative 0 (piecewise constant).</summary>
    /// <param name="x">x.</param>
    /// <returns>⌈x⌉ as a constant.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Ceiling(Dual<T> x) => Chain(Rules.Rounding(T.Ceiling(x.Value)), x);

    /// <summary>x rounded toward zero; derivative 0 (piecewise constant).</summary>
    /// <param name="x">x.</param>
    /// <returns>trunc(x) as a constant.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Truncate(Dual<T> x) => Chain(Rules.Rounding(T.Truncate(x.Value)), x);

    /// <summary>x rounded to <paramref name="digits"/> digits with <paramref name="mode"/>; derivative 0 (piecewise constant).</summary>
    /// <param name="x">x.</param><param name="digits">Fractional digits to keep.</param><param name="mode">The midpoint rule.</param>
    /// <returns>The rounded value as a constant.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Round(Dual<T> x, int digits, MidpointRounding mode) => Chain(Rules.Rounding(T.Round(x.Value, digits, mode)), x);

    /// <summary>The next representable value above x; derivative 1 (a step of one ulp).</summary>
    /// <param name="x">x.</param>
    /// <returns>The next value up, tangent unchanged.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> BitIncrement(Dual<T> x) => Chain(Rules.Nudge(T.BitIncrement(x.Value)), x);

    /// <summary>The next representable value below x; derivative 1 (a step of one ulp).</summary>
    /// <param name="x">x.</param>
    /// <returns>The next value down, tangent unchanged.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> BitDecrement(Dual<T> x) => Chain(Rules.Nudge(T.BitDecrement(x.Value)), x);

    /// <summary>The sign of the primal value (-1, 0 or 1).</summary>
    /// <param name="value">x.</param>
    /// <returns>The sign.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Sign(Dual<T> value) => T.Sign(value.Value);

    /// <summary>The unbiased exponent of the primal value.</summary>
    /// <param name="x">x.</param>
    /// <returns>⌊log₂|x|⌋.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ILogB(Dual<T> x) => T.ILogB(x.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Dual<T> Select(T chosen, Dual<T> x, Dual<T> y) => chosen == x.Value || T.IsNaN(chosen) && T.IsNaN(x.Value) ? x : y;
}
