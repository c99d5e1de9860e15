using System.Runtime.CompilerServices;
using System.Numerics;

namespace DualGrad.Forward;

// Arithmetic operators: each one reads its rule from Rules and pushes the tangent forward.
public readonly partial struct ChunkDual<TChunk>
{
    /// <summary>Sum: d(x + y) = dx + dy.</summary>
    /// <param name="x">Left operand.</param><param name="y">Right operand.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ChunkDual<TChunk> operator +(ChunkDual<TChunk> x, ChunkDual<TChunk> y) => new(x.Value + y.Value, x.Tangent + y.Tangent);

    /// <summary>Difference: d(x - y) = dx - dy.</summary>
    /// <param name="x">Left operand.</param><param name="y">Right operand.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ChunkDual<TChunk> operator -(ChunkDual<TChunk> x, ChunkDual<TChunk> y) => new(x.Value - y.Value, x.Tangent - y.Tangent);

    /// <summary>Product: d(xy) = y dx + x dy.</summary>
    /// <param name="x">Left operand.</param><param name="y">Right operand.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ChunkDual<TChunk> operator *(ChunkDual<TChunk> x, ChunkDual<TChunk> y) => Chain(Rules.Multiply(x.Value, y.Value), x, y);

    /// <summary>Quotient: d(x/y) = dx/y - x dy/y².</summary>
    /// <param name="x">Left operand.</param><param name="y">Right operand.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ChunkDual<TChunk> operator /(ChunkDual<TChunk> x, ChunkDual<TChunk> y) => Chain(Rules.Divide(x.Value, y.Value), x, y);

    /// <summary>Truncated remainder x % y (piecewise: ∂/∂y = -trunc(x/y)).</summary>
    /// <param name="x">Left operand.</param><param name="y">Right operand.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ChunkDual<TChunk> operator %(ChunkDual<TChunk> x, ChunkDual<TChunk> y) => Chain(Rules.Remainder(x.Value, y.Value), x, y);

    /// <summary>Negation: d(-x) = -dx.</summary>
    /// <param name="x">The operand.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ChunkDual<TChunk> operator -(ChunkDual<TChunk> x) => new(-x.Value, -x.Tangent);

    /// <summary>Unary plus: the identity.</summary>
    /// <param name="x">The operand.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ChunkDual<TChunk> operator +(ChunkDual<TChunk> x) => x;

    /// <summary>x + 1 (the tangent is unchanged).</summary>
    /// <param name="x">The operand.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ChunkDual<TChunk> operator ++(ChunkDual<TChunk> x) => new(x.Value + 1.0, x.Tangent);

    /// <summary>x - 1 (the tangent is unchanged).</summary>
    /// <param name="x">The operand.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ChunkDual<TChunk> operator --(ChunkDual<TChunk> x) => new(x.Value - 1.0, x.Tangent);

    /// <summary>x·y + z with one rounding; its derivative is that of x·y + z.</summary>
    /// <param name="left">x.</param><param name="right">y.</param><param name="addend">z.</param>
    /// <returns>The fused product-sum.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ChunkDual<TChunk> FusedMultiplyAdd(ChunkDual<TChunk> left, ChunkDual<TChunk> right, ChunkDual<TChunk> addend)
    {
        var product = Rules.Multiply(left.Value, right.Value);
        return new(double.FusedMultiplyAdd(left.Value, right.Value, addend.Value),
            Scale(product.DX, left.Tangent) + Scale(product.DY, right.Tangent) + addend.Tangent);
    }

    /// <summary>IEEE 754 remainder (piecewise: ∂/∂y = -round(x/y)).</summary>
    /// <param name="left">x.</param><param name="right">y.</param>
    /// <returns>x - y·round(x/y).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ChunkDual<TChunk> Ieee754Remainder(ChunkDual<TChunk> left, ChunkDual<TChunk> right) => Chain(Rules.Ieee754Remainder(left.Value, right.Value), left, right);

    /// <summary>x·2ⁿ.</summary>
    /// <param name="x">x.</param><param name="n">The power of two.</param>
    /// <returns>x·2ⁿ.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ChunkDual<TChunk> ScaleB(ChunkDual<TChunk> x, int n) => Chain(Rules.ScaleB(x.Value, n), x);

    /// <summary>1/x (exact, not an estimate: the derivative is that of 1/x).</summary>
    /// <param name="x">x.</param>
    /// <returns>1/x.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ChunkDual<TChunk> ReciprocalEstimate(ChunkDual<TChunk> x) => Chain(Rules.Reciprocal(x.Value), x);

    /// <summary>1/√x (exact, not an estimate).</summary>
    /// <param name="x">x.</param>
    /// <returns>1/√x.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ChunkDual<TChunk> ReciprocalSqrtEstimate(ChunkDual<TChunk> x) => Chain(Rules.ReciprocalSqrt(x.Value), x);
}
