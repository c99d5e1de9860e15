using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DualGrad.Forward;

/// <summary>8 tangents in one Vector512&lt;double&gt; register: a chunk for <see cref="ChunkDual{TChunk}"/>.</summary>
public readonly struct Chunk8 : IChunk<Chunk8>
{
    private readonly Vector512<double> _lanes;

    private Chunk8(Vector512<double> lanes) => _lanes = lanes;

    /// <inheritdoc/>
    public static int Width { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => 8; }

    /// <inheritdoc/>
    public static Chunk8 Zero { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => default; }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Chunk8 Basis(int lane)
    {
        if ((uint)lane >= 8u) ThrowLane(lane);
        // Compare against the lane numbers rather than WithElement(lane, …): a variable-index insert goes through memory.
        return new(Vector512.ConditionalSelect(Vector512.Equals(Vector512.Create(0.0, 1, 2, 3, 4, 5, 6, 7), Vector512.Create((double)lane)), Vector512<double>.One, Vector512<double>.Zero));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Chunk8 Scale(Chunk8 tangents, double derivative)
    {
        // Lanes whose tangent is 0 are masked back to 0, so an infinite or NaN derivative cannot make them NaN; a zero
        // derivative masks every lane, so an infinite or NaN tangent cannot either (reverse mode skips a zero partial).
        // Branch-free: the compares run beside the multiply (a test of the derivative cost a compare and a jump in every
        // operation).
        var d = Vector512.Create(derivative);
        var zero = Vector512.Equals(tangents._lanes, Vector512<double>.Zero) | Vector512.Equals(d, Vector512<double>.Zero);
        return new(Vector512.AndNot(tangents._lanes * d, zero));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Chunk8 Times(Chunk8 tangents, double factor) => new(tangents._lanes * factor);

    /// <inheritdoc/>
    public static double Get(Chunk8 tangents, int lane) => tangents._lanes.GetElement(lane);

    /// <inheritdoc/>
    public static void CopyTo(Chunk8 tangents, Span<double> destination) => tangents._lanes.CopyTo(destination);

    /// <inheritdoc/>
    public static bool IsZero(Chunk8 tangents) => tangents._lanes == Vector512<double>.Zero;

    /// <inheritdoc/>
    public static bool AnyNaN(Chunk8 tangents) => !Vector512.EqualsAll(tangents._lanes, tangents._lanes);

    /// <inheritdoc/>
    public static bool AnyInfinity(Chunk8 tangents) =>
        Vector512.GreaterThanAny(Vector512.Abs(tangents._lanes), Vector512.Create(double.MaxValue));

    /// <summary>Lane-wise sum.</summary><param name="left">a.</param><param name="right">b.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Chunk8 operator +(Chunk8 left, Chunk8 right) => new(left._lanes + right._lanes);

    /// <summary>Lane-wise difference.</summary><param name="left">a.</param><param name="right">b.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Chunk8 operator -(Chunk8 left, Chunk8 right) => new(left._lanes - right._lanes);

    /// <summary>Lane-wise negation.</summary><param name="value">a.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Chunk8 operator -(Chunk8 value) => new(-value._lanes);

    /// <inheritdoc/>
    public override string ToString() => _lanes.ToString();

    // Kept out of Basis so that Basis stays small enough to inline into the seeding loop.
    [DoesNotReturn]
    private static void ThrowLane(int lane) => throw new ArgumentOutOfRangeException(nameof(lane), lane, "The lane must be in 0..7.");
}
