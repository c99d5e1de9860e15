using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DualGrad.Forward;

/// <summary>4 tangents in one Vector256&lt;double&gt; register: a chunk for <see cref="ChunkDual{TChunk}"/>.</summary>
public readonly struct Chunk4 : IChunk<Chunk4>
{
    private readonly Vector256<double> _lanes;

    private Chunk4(Vector256<double> lanes) => _lanes = lanes;

    /// <summary>The four tangents as one vector (a compiled recording's four-direction sweep seeds its inputs with <see cref="Basis"/>).</summary>
    internal Vector256<double> Lanes => _lanes;

    /// <inheritdoc/>
    public static int Width { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => 4; }

    /// <inheritdoc/>
    public static Chunk4 Zero { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => default; }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Chunk4 Basis(int lane)
    {
        if ((uint)lane >= 4u) ThrowLane(lane);
        // Compare against the lane numbers rather than WithElement(lane, …): a variable-index insert goes through memory.
        return new(Vector256.ConditionalSelect(Vector256.Equals(Vector256.Create(0.0, 1, 2, 3), Vector256.Create((double)lane)), Vector256<double>.One, Vector256<double>.Zero));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Chunk4 Scale(Chunk4 tangents, double derivative)
    {
        // Lanes whose tangent is 0 are masked back to 0, so an infinite or NaN derivative cannot make them NaN; a zero
        // derivative masks every lane, so an infinite or NaN tangent cannot either (reverse mode skips a zero partial).
        // Branch-free: the compares run beside the multiply (a test of the derivative cost a compare and a jump in every
        // operation).
        var d = Vector256.Create(derivative);
        var zero = Vector256.Equals(tangents._lanes, Vector256<double>.Zero) | Vector256.Equals(d, Vector256<double>.Zero);
        return new(Vector256.AndNot(tangents._lanes * d, zero));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Chunk4 Times(Chunk4 tangents, double factor) => new(tangents._lanes * factor);

    /// <inheritdoc/>
    public static double Get(Chunk4 tangents, int lane) => tangents._lanes.GetElement(lane);

    /// <inheritdoc/>
    public static void CopyTo(Chunk4 tangents, Span<double> destination) => tangents._lanes.CopyTo(destination);

    /// <inheritdoc/>
    public static bool IsZero(Chunk4 tangents) => tangents._lanes == Vector256<double>.Zero;

    /// <inheritdoc/>
    public static bool AnyNaN(Chunk4 tangents) => !Vector256.EqualsAll(tangents._lanes, tangents._lanes);

    /// <inheritdoc/>
    public static bool AnyInfinity(Chunk4 tangents) =>
        Vector256.GreaterThanAny(Vector256.Abs(tangents._lanes), Vector256.Create(double.MaxValue));

    /// <summary>Lane-wise sum.</summary><param name="left">a.</param><param name="right">b.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Chunk4 operator +(Chunk4 left, Chunk4 right) => new(left._lanes + right._lanes);

    /// <summary>Lane-wise difference.</summary><param name="left">a.</param><param name="right">b.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Chunk4 operator -(Chunk4 left, Chunk4 right) => new(left._lanes - right._lanes);

    /// <summary>Lane-wise negation.</summary><param name="value">a.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Chunk4 operator -(Chunk4 value) => new(-value._lanes);

    /// <inheritdoc/>
    public override string ToString() => _lanes.ToString();

    // Kept out of Basis so that Basis stays small enough to inline into the seeding loop.
    [DoesNotReturn]
    private static void ThrowLane(int lane) => throw new ArgumentOutOfRangeException(nameof(lane), lane, "The lane must be in 0..3.");
}
