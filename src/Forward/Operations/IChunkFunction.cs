using System.Runtime.CompilerServices;

namespace DualGrad.Forward;

/// <summary>A function ℝⁿ → ℝ on chunked dual numbers, as a type: the forward gradient loop is generic in it, so a
/// struct implementation is called directly (and can be inlined) instead of through a delegate.</summary>
internal interface IChunkFunction<TChunk> where TChunk : struct, IChunk<TChunk>
{
    ChunkDual<TChunk> Invoke(ReadOnlySpan<ChunkDual<TChunk>> x);
}

/// <summary>A <see cref="ScalarFunc{T}"/> delegate as an <see cref="IChunkFunction{TChunk}"/>.</summary>
internal readonly struct DelegateChunkFunction<TChunk>(ScalarFunc<ChunkDual<TChunk>> f) : IChunkFunction<TChunk>
    where TChunk : struct, IChunk<TChunk>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ChunkDual<TChunk> Invoke(ReadOnlySpan<ChunkDual<TChunk>> x) => f(x);
}
