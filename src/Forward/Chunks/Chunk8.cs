using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DualGrad.Forward;

/// <summary>8 tangents in one Vector512&lt;double&gt; register: a chunk for <see cref="ChunkDual{TChunk}"/>.</summary>
public readonly struct Chunk8 : IChunk<Chunk8>
{
    private readonly Vector512<double> _lanes;

    private Chunk8(Vector512<double> lanes) => _lanes = lanes;

    /// <inheritdoc/>
    public static int Width => 8;

    /// <inheritdoc/>
    public static Chunk8 Zero => default;

    /// <inheritdoc/>
    public static Chunk8 Basis(int lane)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lane);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(lane, 8);
        return new(Vector512<double>.Zero.WithElement(lane, 1.0));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Chunk8 Scale(Chunk8 tangents, double derivative)
    {
        var product = tangents._lanes * derivative;
        // Only an infinite or NaN derivative can turn a zero tangent into NaN; mask those lanes back to 0.
        return double.IsFinite(derivative)
            ? new(product)
            : new(Vector512.ConditionalSelect(Vector512.Equals(tangents._lanes, Vector512<double>.Zero), Vector512<double>.Zero, product));
    }

    /// <inheritdoc/>
    public static double Get(Chunk8 tangents, int lane) => tangents._lanes.GetElement(lane);

    /// <inheritdoc/>
    public static bool IsZero(Chunk8 tangents) => tangents._lanes == Vector512<double>.Zero;

    /// <inheritdoc/>
    public static bool AnyNaN(Chunk8 tangents) => !Vector512.EqualsAll(tangents._lanes, tangents._lanes);

    /// <inheritdoc/>
    public static bool AnyInfinity(Chunk8 tangents) =>
        Vector512.GreaterThanAny(Vector512.Abs(tangents._lanes), Vector512.Create(double.MaxValue));

    /// <summary>Lane-wise sum.</summary><param name="left">a.</param><param name="right">b.</param>
    public static Chunk8 operator +(Chunk8 left, Chunk8 right) => new(left._lanes + right._lanes);

    /// <summary>Lane-wise difference.</summary><param name="left">a.</param><param name="right">b.</param>
    public static Chunk8 operator -(Chunk8 left, Chunk8 right) => new(left._lanes - right._lanes);

    /// <summary>Lane-wise negation.</summary><param name="value">a.</param>
    public static Chunk8 operator -(Chunk8 value) => new(-value._lanes);

    /// <inheritdoc/>
    public override string ToString() => _lanes.ToString();
}
