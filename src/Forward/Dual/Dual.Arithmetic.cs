using System.Runtime.CompilerServices;
using System.Numerics;

namespace DualGrad.Forward;

// Arithmetic operators: each one reads its rule from Rules and pushes the tangent forward.
public readonly partial struct Dual<T>
{
    /// <summary>Sum: d(x + y) = dx + dy.</summary>
    /// <param name="x">Left operand.</param><param name="y">Right operand.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> operator +(Dual<T> x, Dual<T> y) => new(x.Value + y.Value, x.Tangent + y.Tangent);

    /// <summary>Difference: d(x - y) = dx - dy.</summary>
    /// <param name="x">Left operand.</param><param name="y">Right operand.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> operator -(Dual<T> x, Dual<T> y) => new(x.Value - y.Value, x.Tangent - y.Tangent);

    /// <summary>Product: d(xy) = y dx + x dy.</summary>
    /// <param name="x">Left operand.</param><param name="y">Right operand.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> operator *(Dual<T> x, Dual<T> y)
    {
        if (typeof(T) == typeof(double))
        {
            // The products without the zero-tangent skip: the sum differs from the skipped one only where 0·∞ made it
            // NaN (NaN propagates), so one NaN test replaces two, and the rare NaN redoes it with the skip
            // (double only: for a nested T, IsNaN asks about more than one number).
            var tangent = y.Value * x.Tangent + x.Value * y.Tangent;
            if (!T.IsNaN(tangent)) return new(x.Value * y.Value, tangent);
        }
        return Chain(Rules.Multiply(x.Value, y.Value), x, y);
    }

    /// <summary>Quotient: d(x/y) = dx/y - x dy/y².</summary>
    /// <param name="x">Left operand.</param><param name="y">Right operand.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> operator /(Dual<T> x, Dual<T> y) => Chain(Rules.Divide(x.Value, y.Value), x, y);

    /// <summary>Truncated remainder x % y (piecewise: ∂/∂y = -trunc(x/y)).</summary>
    /// <param name="x">Left operand.</param><param name="y">Right operand.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> operator %(Dual<T> x, Dual<T> y) => Chain(Rules.Remainder(x.Value, y.Value), x, y);

    /// <summary>Negation: d(-x) = -dx.</summary>
    /// <param name="x">The operand.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> operator -(Dual<T> x) => new(-x.Value, -x.Tangent);

    /// <summary>Unary plus: the identity.</summary>
    /// <param name="x">The operand.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> operator +(Dual<T> x) => x;

    /// <summary>x + 1 (the tangent is unchanged).</summary>
    /// <param name="x">The operand.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> operator ++(Dual<T> x) => new(x.Value + T.One, x.Tangent);

    /// <summary>x - 1 (the tangent is unchanged).</summary>
    /// <param name="x">The operand.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> operator --(Dual<T> x) => new(x.Value - T.One, x.Tangent);

    /// <summary>x·y + z with one rounding; its derivative is that of x·y + z.</summary>
    /// <param name="left">x.</param><param name="right">y.</param><param name="addend">z.</param>
    /// <returns>The fused product-sum.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> FusedMultiplyAdd(Dual<T> left, Dual<T> right, Dual<T> addend)
    {
        var product = Rules.Multiply(left.Value, right.Value);
        return new(T.FusedMultiplyAdd(left.Value, right.Value, addend.Value),
            Scale(product.DX, left.Tangent) + Scale(product.DY, right.Tangent) + addend.Tangent);
    }

    /// <summary>IEEE 754 remainder (piecewise: ∂/∂y = -round(x/y)).</summary>
    /// <param name="left">x.</param><param name="right">y.</param>
    /// <returns>x - y·round(x/y).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Ieee754Remainder(Dual<T> left, Dual<T> right) => Chain(Rules.Ieee754Remainder(left.Value, right.Value), left, right);

    /// <summary>x·2ⁿ.</summary>
    /// <param name="x">x.</param><param name="n">The power of two.</param>
    /// <returns>x·2ⁿ.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> ScaleB(Dual<T> x, int n) => Chain(Rules.ScaleB(x.Value, n), x);

    /// <summary>1/x (exact, not an estimate: the derivative is that of 1/x).</summary>
    /// <param name="x">x.</param>
    /// <returns>1/x.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> ReciprocalEstimate(Dual<T> x) => Chain(Rules.Reciprocal(x.Value), x);

    /// <summary>1/√x (exact, not an estimate).</summary>
    /// <param name="x">x.</param>
    /// <returns>1/√x.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> ReciprocalSqrtEstimate(Dual<T> x) => Chain(Rules.ReciprocalSqrt(x.Value), x);
}
