using System.Numerics;
using System.Runtime.CompilerServices;

namespace DualGrad.Forward;

/// <summary>
/// A dual number with several tangents: <c>Value + Σ Tangents[k]·εₖ</c>. One evaluation pushes
/// <see cref="IChunk{TSelf}.Width"/> directions forward at once, so a gradient of n inputs costs ⌈n/Width⌉ passes
/// instead of n, and nothing is allocated per operation (the tangents live in a SIMD register).
/// </summary>
/// <remarks>Same rules and conventions as <see cref="Dual{T}"/>; the primal type is <c>double</c>.
/// Use <see cref="Dual{T}"/> when derivatives nest.</remarks>
/// <typeparam name="TChunk">The chunk of tangents, e.g. <see cref="Chunk4"/> or <see cref="Chunk8"/>.</typeparam>
public readonly partial struct ChunkDual<TChunk> where TChunk : struct, IChunk<TChunk>
{
    /// <summary>The primal value.</summary>
    public double Value { get; }

    /// <summary>The tangents, one per seeded direction.</summary>
    public TChunk Tangent { get; }

    /// <summary>Creates a chunked dual number from its value and tangents.</summary>
    /// <param name="value">The primal value.</param>
    /// <param name="tangent">The tangents.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ChunkDual(double value, TChunk tangent)
    {
        Value = value;
        Tangent = tangent;
    }

    /// <summary>A constant: all tangents 0.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The constant.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ChunkDual<TChunk> Constant(double value) => new(value, TChunk.Zero);

    /// <summary>The input seeded in direction <paramref name="lane"/>: tangent 1 there, 0 in the others.</summary>
    /// <param name="value">The point.</param>
    /// <param name="lane">The direction, 0 ≤ lane &lt; Width.</param>
    /// <returns>The seeded variable.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ChunkDual<TChunk> Variable(double value, int lane) => new(value, TChunk.Basis(lane));

    /// <summary>Lifts a plain value to a constant.</summary>
    /// <param name="value">The value.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static implicit operator ChunkDual<TChunk>(double value) => new(value, TChunk.Zero);

    // The chain rule, pushed forward in every direction at once.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ChunkDual<TChunk> Chain(Local<double> rule, ChunkDual<TChunk> x) =>
        new(rule.Value, FiniteNonZero.Is(rule.Derivative) ? TChunk.Times(x.Tangent, rule.Derivative) : Scale(rule.Derivative, x.Tangent));

    // With both partials finite and nonzero no lane can form 0·∞, so the masks are skipped. Testing their product is one
    // scalar test for two (a zero, infinite or NaN partial makes it zero or non-finite; a product that underflows or
    // overflows only takes the masked path).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ChunkDual<TChunk> Chain(Local2<double> rule, ChunkDual<TChunk> x, ChunkDual<TChunk> y) =>
        new(rule.Value, FiniteNonZero.Is(rule.DX * rule.DY)
            ? TChunk.Times(x.Tangent, rule.DX) + TChunk.Times(y.Tangent, rule.DY)
            : Scale(rule.DX, x.Tangent) + Scale(rule.DY, y.Tangent));

    // Zero tangents stay zero even where the local derivative is infinite, and a zero derivative gives 0 even against an
    // infinite tangent, as reverse mode skips a zero partial (see IChunk.Scale).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TChunk Scale(double derivative, TChunk tangent) => TChunk.Scale(tangent, derivative);
}
