using System.Buffers;
using System.Runtime.CompilerServices;
using DualGrad.Forward;

namespace DualGrad;

// The facade's forward gradient loop, written against the function's type instead of a delegate.
//
// Why not call ForwardMode.GradientChunked: it takes a ScalarFunc delegate, and binding
// IScalarFunction.Invoke<T> (a generic interface method) to a delegate costs a runtime method lookup and an allocation
// on every call, about as much as Powell's whole chunked gradient. Generic in TFunction, the JIT compiles one copy per
// struct function (its Invoke called directly, even inlined); a class function costs one interface dispatch per pass.
//
// Only forward mode's public pieces are used (ChunkDual.Variable/Constant, IChunk.CopyTo). The loop mirrors
// ForwardMode.GradientChunked step for step (one pass on fixed stack buffers up to 8 inputs, the stack up to 128, the
// shared pool above, so no gradient allocates); DestinationTests checks it against the mode called directly, bit for
// bit, so a change on either side that alters a result fails there. (Reverse mode goes through ReverseMode itself: its
// tape for one call rents from the shared pool, which a tape built here could not.)
[SkipLocalsInit]   // every buffer below is written before it is read; zeroing them cost a measurable share of Powell
internal static class GradientKernels
{
    private const int SmallLimit = 8, StackLimit = 128;

    [InlineArray(SmallLimit)]
    private struct Lanes
    {
        private double _element;
    }

    [InlineArray(SmallLimit)]
    private struct SmallInputs<T>
    {
        private T _element;
    }

    public static double Forward<TFunction, TChunk>(TFunction f, ReadOnlySpan<double> x, Span<double> gradient)
        where TFunction : IScalarFunction
        where TChunk : unmanaged, IChunk<TChunk>
    {
        var width = TChunk.Width;
        if (x.Length <= width && x.Length <= SmallLimit) return ForwardOnePass<TFunction, TChunk>(f, x, gradient);
        ChunkDual<TChunk>[]? rented = null;
        var seeded = x.Length <= StackLimit
            ? stackalloc ChunkDual<TChunk>[x.Length]
            : (rented = ArrayPool<ChunkDual<TChunk>>.Shared.Rent(x.Length)).AsSpan(0, x.Length);
        for (var i = 0; i < x.Length; i++) seeded[i] = ChunkDual<TChunk>.Constant(x[i]);
        Unsafe.SkipInit(out Lanes buffer);
        Span<double> lanes = width <= SmallLimit ? buffer : new double[width];   // only a chunk wider than 8 allocates
        var value = 0.0;
        for (var start = 0; start < x.Length; start += width)
        {
            var count = Math.Min(width, x.Length - start);
            for (var k = 0; k < count; k++) seeded[start + k] = ChunkDual<TChunk>.Variable(x[start + k], k);
            var y = f.Invoke<ChunkDual<TChunk>>(seeded);
            value = y.Value;
            if (count == width)
            {
                TChunk.CopyTo(y.Tangent, gradient.Slice(start, width));   // a whole chunk: one store
            }
            else
            {
                TChunk.CopyTo(y.Tangent, lanes);
                ((ReadOnlySpan<double>)lanes)[..count].CopyTo(gradient[start..]);
            }
            for (var k = 0; k < count; k++) seeded[start + k] = ChunkDual<TChunk>.Constant(x[start + k]);
        }
        // Not in a finally: if f throws, the array is simply not returned, which the pool allows.
        if (rented is not null) ArrayPool<ChunkDual<TChunk>>.Shared.Return(rented);
        return value;
    }

    private static double ForwardOnePass<TFunction, TChunk>(TFunction f, ReadOnlySpan<double> x, Span<double> gradient)
        where TFunction : IScalarFunction
        where TChunk : unmanaged, IChunk<TChunk>
    {
        Unsafe.SkipInit(out SmallInputs<ChunkDual<TChunk>> buffer);
        Span<ChunkDual<TChunk>> seeded = buffer;
        seeded = seeded[..x.Length];
        for (var i = 0; i < seeded.Length; i++) seeded[i] = ChunkDual<TChunk>.Variable(x[i], i);
        var y = f.Invoke<ChunkDual<TChunk>>(seeded);
        if (gradient.Length == TChunk.Width)
        {
            TChunk.CopyTo(y.Tangent, gradient);
        }
        else
        {
            Unsafe.SkipInit(out Lanes lanes);
            TChunk.CopyTo(y.Tangent, lanes);
            ((ReadOnlySpan<double>)lanes)[..gradient.Length].CopyTo(gradient);
        }
        return y.Value;
    }
}
