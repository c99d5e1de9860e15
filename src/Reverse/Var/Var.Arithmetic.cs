using System.Runtime.CompilerServices;
using System.Numerics;

using DualGrad.Forward;

namespace DualGrad.Reverse;

// Arithmetic operators: each one reads its rule from Rules and records the step for the backward pass.
public readonly partial struct Var<T>
{
    /// <summary>Sum: ∂/∂x = ∂/∂y = 1.</summary>
    /// <param name="x">Left operand.</param><param name="y">Right operand.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> operator +(Var<T> x, Var<T> y) => Chain(Primitive.Add, Rules.Add(x.Value, y.Value), x, y);

    /// <summary>Difference: ∂/∂x = 1, ∂/∂y = -1.</summary>
    /// <param name="x">Left operand.</param><param name="y">Right operand.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> operator -(Var<T> x, Var<T> y) => Chain(Primitive.Subtract, Rules.Subtract(x.Value, y.Value), x, y);

    /// <summary>Product: ∂/∂x = y, ∂/∂y = x.</summary>
    /// <param name="x">Left operand.</param><param name="y">Right operand.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> operator *(Var<T> x, Var<T> y)
    {
        var rule = Rules.Multiply(x.Value, y.Value);
        // x·x is recorded with one parent whose partial is the sum of both (2x): the backward sweep then adds into x
        // once instead of twice in a row, and those two read-modify-writes of one slot were a chain of memory latencies.
        if (x.Index == y.Index && x.Tape is { } tape && ReferenceEquals(tape, y.Tape))
            return tape.Push(Primitive.Square, rule.Value, x.Index, rule.DX + rule.DY, -1, T.Zero);
        return Chain(Primitive.Multiply, rule, x, y);
    }

    /// <summary>Quotient: ∂/∂x = 1/y, ∂/∂y = -x/y².</summary>
    /// <param name="x">Left operand.</param><param name="y">Right operand.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> operator /(Var<T> x, Var<T> y) => Chain(Primitive.Divide, Rules.Divide(x.Value, y.Value), x, y);

    /// <summary>Truncated remainder x % y (piecewise: ∂/∂y = -trunc(x/y)).</summary>
    /// <param name="x">Left operand.</param><param name="y">Right operand.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> operator %(Var<T> x, Var<T> y) => Chain(Primitive.Remainder, Rules.Remainder(x.Value, y.Value), x, y);

    /// <summary>Negation: ∂/∂x = -1.</summary>
    /// <param name="x">The operand.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> operator -(Var<T> x) => Chain(Primitive.Negate, Rules.Negate(x.Value), x);

    /// <summary>Unary plus: the identity.</summary>
    /// <param name="x">The operand.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> operator +(Var<T> x) => x;

    /// <summary>x + 1.</summary>
    /// <param name="x">The operand.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> operator ++(Var<T> x) => x + One;

    /// <summary>x - 1.</summary>
    /// <param name="x">The operand.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> operator --(Var<T> x) => x - One;

    /// <summary>x·y + z with one rounding; its derivative is that of x·y + z.</summary>
    /// <param name="left">x.</param><param name="right">y.</param><param name="addend">z.</param>
    /// <returns>The fused product-sum.</returns>
    // Recorded as a product step and a fused sum step (∂/∂product = ∂/∂addend = 1) whose value keeps the single rounding
    // of a true FMA; replay recomputes it from the product's operands.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> FusedMultiplyAdd(Var<T> left, Var<T> right, Var<T> addend)
    {
        var product = left * right;
        var fused = T.FusedMultiplyAdd(left.Value, right.Value, addend.Value);
        return Chain(Primitive.FusedMultiplyAdd, new Local2<T>(fused, T.One, T.One), product, addend);
    }

    /// <summary>IEEE 754 remainder (piecewise: ∂/∂y = -round(x/y)).</summary>
    /// <param name="left">x.</param><param name="right">y.</param>
    /// <returns>x - y·round(x/y).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Ieee754Remainder(Var<T> left, Var<T> right) => Chain(Primitive.Ieee754Remainder, Rules.Ieee754Remainder(left.Value, right.Value), left, right);

    /// <summary>x·2ⁿ.</summary>
    /// <param name="x">x.</param><param name="n">The power of two.</param>
    /// <returns>x·2ⁿ.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> ScaleB(Var<T> x, int n) => Chain(Primitive.ScaleB, Rules.ScaleB(x.Value, n), x, T.CreateTruncating(n));

    /// <summary>1/x (exact, not an estimate: the derivative is that of 1/x).</summary>
    /// <param name="x">x.</param>
    /// <returns>1/x.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> ReciprocalEstimate(Var<T> x) => Chain(Primitive.Reciprocal, Rules.Reciprocal(x.Value), x);

    /// <summary>1/√x (exact, not an estimate).</summary>
    /// <param name="x">x.</param>
    /// <returns>1/√x.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> ReciprocalSqrtEstimate(Var<T> x) => Chain(Primitive.ReciprocalSqrt, Rules.ReciprocalSqrt(x.Value), x);
}
