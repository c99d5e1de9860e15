using System.Numerics;

namespace DualGrad.Forward;

/// <summary>
/// A fixed number of tangents carried side by side (ForwardDiff.jl's "chunk"): one forward pass pushes all of them,
/// so a gradient of n inputs takes ⌈n / Width⌉ passes. Implementations are structs over SIMD registers,
/// so a chunked dual number allocates nothing per operation.
/// </summary>
/// <typeparam name="TSelf">The implementing chunk type.</typeparam>
public interface IChunk<TSelf> :
    IAdditionOperators<TSelf, TSelf, TSelf>,
    ISubtractionOperators<TSelf, TSelf, TSelf>,
    IUnaryNegationOperators<TSelf, TSelf>
    where TSelf : struct, IChunk<TSelf>
{
    /// <summary>How many tangents one chunk carries.</summary>
    static abstract int Width { get; }

    /// <summary>All tangents zero.</summary>
    static abstract TSelf Zero { get; }

    /// <summary>The unit tangent of direction <paramref name="lane"/> (1 there, 0 elsewhere).</summary>
    /// <param name="lane">0 ≤ lane &lt; Width.</param>
    /// <returns>The basis chunk.</returns>
    static abstract TSelf Basis(int lane);

    /// <summary>Every tangent times <paramref name="derivative"/>; a tangent that is exactly 0 stays 0 even when the derivative is infinite,
    /// and a derivative that is exactly 0 gives 0 in every lane even against an infinite tangent.</summary>
    /// <param name="tangents">The tangents.</param><param name="derivative">The local derivative.</param>
    /// <returns>The scaled tangents.</returns>
    static abstract TSelf Scale(TSelf tangents, double derivative);

    /// <summary>Every tangent times <paramref name="factor"/>, unmasked: for a finite nonzero factor, where no lane can form 0·∞.</summary>
    /// <param name="tangents">The tangents.</param><param name="factor">A finite, nonzero factor.</param>
    /// <returns>The scaled tangents.</returns>
    static abstract TSelf Times(TSelf tangents, double factor);

    /// <summary>The tangent at <paramref name="lane"/>.</summary>
    /// <param name="tangents">The chunk.</param><param name="lane">0 ≤ lane &lt; Width.</param>
    /// <returns>That tangent.</returns>
    static abstract double Get(TSelf tangents, int lane);

    /// <summary>Writes all <see cref="Width"/> tangents into <paramref name="destination"/> (one store, not a lane at a time).</summary>
    /// <param name="tangents">The chunk.</param><param name="destination">At least Width long.</param>
    static abstract void CopyTo(TSelf tangents, Span<double> destination);

    /// <summary>True if every tangent is exactly zero.</summary>
    /// <param name="tangents">The chunk.</param>
    static abstract bool IsZero(TSelf tangents);

    /// <summary>True if any tangent is NaN.</summary>
    /// <param name="tangents">The chunk.</param>
    static abstract bool AnyNaN(TSelf tangents);

    /// <summary>True if any tangent is infinite.</summary>
    /// <param name="tangents">The chunk.</param>
    static abstract bool AnyInfinity(TSelf tangents);
}
