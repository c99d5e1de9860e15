using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using DualGrad.Forward;

namespace DualGrad.Reverse;

/// <summary>
/// How a tangent sweep forms its tangents: one number per step (a directional derivative, <see cref="ScalarTangents{T}"/>)
/// or four lanes (four directions in one sweep, <see cref="ChunkTangents"/>). The generated code calls these methods by
/// name (KernelEmitter), the interpreted pieces through the interface, so both form the same terms.
/// </summary>
internal interface ITangentOps<T, TTangent> where T : IFloatingPointIeee754<T>
{
    /// <summary>Whether the terms go unmasked (see <see cref="ReplayStep{T}.TangentsUnmasked"/>); otherwise each goes through ReplayStep.Pulled.</summary>
    static abstract bool Unmasked { get; }

    /// <summary>A step's tangent, Σ partial · parent's tangent over its recorded parents.</summary>
    static abstract TTangent Step(bool hasA, T partialA, TTangent tangentA, bool hasB, T partialB, TTangent tangentB);

    /// <summary>The tangent of a constant.</summary>
    static abstract TTangent Zero();

    /// <summary>a + b.</summary>
    static abstract TTangent Add(TTangent a, TTangent b);

    /// <summary>a − b.</summary>
    static abstract TTangent Subtract(TTangent a, TTangent b);

    /// <summary>−a.</summary>
    static abstract TTangent Negate(TTangent a);

    /// <summary>partial · tangent, unmasked.</summary>
    static abstract TTangent Times(T partial, TTangent tangent);
}

/// <summary>One tangent per step: ReplayStep's own terms.</summary>
internal readonly struct ScalarTangents<T> : ITangentOps<T, T> where T : IFloatingPointIeee754<T>
{
    public static bool Unmasked => ReplayStep<T>.TangentsUnmasked;

    // Unmasked for double and float: a product per recorded parent, summed; else every term through Pulled from 0.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Step(bool hasA, T partialA, T tangentA, bool hasB, T partialB, T tangentB)
    {
        if (!Unmasked) return ReplayStep<T>.MaskedTangent(hasA, partialA, tangentA, hasB, partialB, tangentB);
        return hasA && hasB ? partialA * tangentA + partialB * tangentB : hasA ? partialA * tangentA : hasB ? partialB * tangentB : T.Zero;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Zero() => T.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Add(T a, T b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Subtract(T a, T b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Negate(T a) => -a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Times(T partial, T tangent) => partial * tangent;
}

/// <summary>
/// Four tangents per step, one per lane of a Vector256: lane by lane the same terms as <see cref="ScalarTangents{T}"/>
/// for double (unmasked: each lane rounds as a one-direction sweep does, bit for bit).
/// </summary>
internal readonly struct ChunkTangents : ITangentOps<double, Vector256<double>>
{
    /// <summary>Directions per sweep.</summary>
    public const int Width = 4;

    public static bool Unmasked => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Step(bool hasA, double partialA, Vector256<double> tangentA, bool hasB, double partialB, Vector256<double> tangentB) =>
        hasA && hasB ? tangentA * partialA + tangentB * partialB : hasA ? tangentA * partialA : hasB ? tangentB * partialB : Vector256<double>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Zero() => Vector256<double>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Subtract(Vector256<double> a, Vector256<double> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Negate(Vector256<double> a) => -a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Times(double partial, Vector256<double> tangent) => tangent * partial;

    /// <summary>
    /// The output's lanes as the masked sweep has them where they are numbers (a zero takes its sign, +0: see
    /// CompiledRecording.DirectionalDerivative; NaN lanes are left for the caller to take again).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> AsMasked(Vector256<double> lanes) => lanes + Vector256<double>.Zero;

    /// <summary>Writes the first count lanes, <see cref="AsMasked"/>, to gradient[0 … count − 1] (count is a constant of the generated code).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreGradient(ref double gradient, Vector256<double> lanes, int count)
    {
        lanes = AsMasked(lanes);
        if (count == Width) lanes.StoreUnsafe(ref gradient);
        else for (var k = 0; k < count; k++) Unsafe.Add(ref gradient, k) = lanes.GetElement(k);
    }

    /// <summary>Seeds the sweep whose first input is start: input start + k gets unit vector k (Chunk4.Basis, made in registers).</summary>
    public static void Seed(Vector256<double>[] seeds, int start)
    {
        for (var k = 0; k < Width && start + k < seeds.Length; k++) seeds[start + k] = Chunk4.Basis(k).Lanes;
    }

    /// <summary>Whether no lane is NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AllNumbers(Vector256<double> lanes) => Vector256.EqualsAll(lanes, lanes);
}
