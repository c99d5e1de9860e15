using System.Runtime.CompilerServices;
using System.Numerics;

namespace DualGrad.Forward;

/// <summary>
/// The derivative rules: one small pure function per primitive, returning its value and its local partial
/// derivative(s) together. This is the only place that knows d sin = cos: forward mode (<see cref="Dual{T}"/>)
/// pushes these partials forward into tangents, reverse mode pulls them back into adjoints.
/// Rules are generic in the scalar type, so the same rule serves <c>double</c> and nested dual numbers.
/// </summary>
/// <remarks>Files: Arithmetic, Exponential, Power (powers and roots), Trigonometric (circular and hyperbolic),
/// NonSmooth (each convention where no derivative exists), Activations.</remarks>
public static partial class Rules
{
    /// <summary>x + y; ∂/∂x = 1, ∂/∂y = 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local2<T> Add<T>(T x, T y) where T : IFloatingPointIeee754<T> => new(x + y, T.One, T.One);

    /// <summary>x - y; ∂/∂x = 1, ∂/∂y = -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local2<T> Subtract<T>(T x, T y) where T : IFloatingPointIeee754<T> => new(x - y, T.One, -T.One);

    /// <summary>x * y; ∂/∂x = y, ∂/∂y = x (the product rule).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local2<T> Multiply<T>(T x, T y) where T : IFloatingPointIeee754<T> => new(x * y, y, x);

    /// <summary>x / y; ∂/∂x = 1/y, ∂/∂y = -x/y² (the quotient rule).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local2<T> Divide<T>(T x, T y) where T : IFloatingPointIeee754<T>
    {
        var q = x / y;
        return new(q, T.One / y, -q / y);
    }

    /// <summary>-x; d/dx = -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Negate<T>(T x) where T : IFloatingPointIeee754<T> => new(-x, -T.One);

    /// <summary>IEEE remainder x - y·round(x/y); ∂/∂x = 1, ∂/∂y = -round(x/y) (piecewise, away from the jumps).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local2<T> Ieee754Remainder<T>(T x, T y) where T : IFloatingPointIeee754<T> =>
        new(T.Ieee754Remainder(x, y), T.One, -T.Round(x / y, MidpointRounding.ToEven));

    /// <summary>x % y (truncated); ∂/∂x = 1, ∂/∂y = -trunc(x/y) (piecewise, away from the jumps).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local2<T> Remainder<T>(T x, T y) where T : IFloatingPointIeee754<T> =>
        new(x % y, T.One, -T.Truncate(x / y));

    /// <summary>x · 2ⁿ; d/dx = 2ⁿ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> ScaleB<T>(T x, int n) where T : IFloatingPointIeee754<T> => new(T.ScaleB(x, n), T.ScaleB(T.One, n));

    // A test of the primal value (the convention for every branch in a rule), not T.IsZero: for a dual number or a
    // recorded Var, IsZero also asks whether a derivative is present, which is not the question a rule asks.
    private static bool IsZeroValue<T>(T x) where T : IFloatingPointIeee754<T> => x == T.Zero;

    // The same for NaN: T.IsNaN is true for a dual number whose tangent alone is NaN; x != x compares primal values.
#pragma warning disable CS1718 // comparing x with itself is the NaN test
    private static bool IsNaNValue<T>(T x) where T : IFloatingPointIeee754<T> => x != x;
#pragma warning restore CS1718

    // Convention: outside its domain a rule's derivative is NaN like its value, -0 acts as +0, and no derivative reads NaN's sign.
    // 1/d for a d that must not be negative (x for ln x, 1 - x² for atanh x): +∞ at d = ±0 (adding +0 turns -0 into +0 and
    // changes nothing else, and the nested parts of 1/d are kept, so ln'' is still -∞ at 0), NaN below 0 and at NaN.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T ReciprocalOnDomain<T>(T d) where T : IFloatingPointIeee754<T> => d >= T.Zero ? T.One / (d + T.Zero) : T.NaN;
}
