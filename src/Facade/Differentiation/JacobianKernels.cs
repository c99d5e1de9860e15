using System.Buffers;
using System.Runtime.CompilerServices;
using DualGrad.Forward;
using DualGrad.Reverse;

namespace DualGrad;

// The facade's Jacobians. Forward: ForwardMode.JacobianChunked's loop (k columns per pass) written against the
// function's type (see GradientKernels for why not a delegate), its scratch buffers (seeded inputs, outputs) rented from
// the shared pool, so it allocates the result and nothing else. Reverse: ReverseMode.Jacobian (one recording, one sweep
// per row). In both, the outputs are checked in the first pass (every output pre-set to a sentinel NaN, writing past the
// end caught), so the facade no longer evaluates f once more in double just to check it. JacobianTests checks both
// against the modes called directly, bit for bit.
[SkipLocalsInit]   // every buffer below is written before it is read
internal static class JacobianKernels
{
    public static double[,] Forward<TFunction, TChunk>(TFunction f, ReadOnlySpan<double> x, int m)
        where TFunction : IVectorFunction
        where TChunk : unmanaged, IChunk<TChunk>
    {
        var n = x.Length;
        var width = TChunk.Width;
        var seededArray = ArrayPool<ChunkDual<TChunk>>.Shared.Rent(n);
        var outputsArray = ArrayPool<ChunkDual<TChunk>>.Shared.Rent(m);
        var seeded = seededArray.AsSpan(0, n);
        var outputs = outputsArray.AsSpan(0, m);   // exactly m long: a write past the end is caught
        for (var i = 0; i < n; i++) seeded[i] = ChunkDual<TChunk>.Constant(x[i]);
        outputs.Fill(ChunkDual<TChunk>.Constant(Validate.Unwritten));
        var jacobian = new double[m, n];
        Span<double> lanes = stackalloc double[width];
        for (var start = 0; start < n; start += width)
        {
            var count = Math.Min(width, n - start);
            for (var k = 0; k < count; k++) seeded[start + k] = ChunkDual<TChunk>.Variable(x[start + k], k);
            if (start == 0)
            {
                Checked(f, seeded, outputs, m);
                for (var row = 0; row < m; row++) Validate.Written(outputs[row].Value, row, m);
            }
            else
            {
                f.Invoke<ChunkDual<TChunk>>(seeded, outputs);
            }
            for (var row = 0; row < m; row++)
            {
                TChunk.CopyTo(outputs[row].Tangent, lanes);
                for (var k = 0; k < count; k++) jacobian[row, start + k] = lanes[k];
            }
            for (var k = 0; k < count; k++) seeded[start + k] = ChunkDual<TChunk>.Constant(x[start + k]);
        }
        // Not in a finally: if f throws, the arrays are simply not returned, which the pool allows.
        ArrayPool<ChunkDual<TChunk>>.Shared.Return(seededArray);
        ArrayPool<ChunkDual<TChunk>>.Shared.Return(outputsArray);
        return jacobian;
    }

    // ReverseMode.Jacobian itself (its tape for one call rents from the shared pool, which a tape built here could not),
    // with the output check folded into the one call it makes of f: a closure per Jacobian, nothing per row.
    public static double[,] Reverse<TFunction>(TFunction f, ReadOnlySpan<double> x, int m)
        where TFunction : IVectorFunction =>
        ReverseMode.Jacobian<double>((inputs, outputs) =>
        {
            outputs.Fill(new Var<double>(Validate.Unwritten));
            Checked(f, inputs, outputs, m);
            for (var row = 0; row < m; row++) Validate.Written(outputs[row].Value, row, m);
        }, x, m);

    // The first pass, with a write past the last output reported as the function's fault.
    private static void Checked<TFunction, T>(TFunction f, ReadOnlySpan<T> x, Span<T> y, int m)
        where TFunction : IVectorFunction
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        try
        {
            f.Invoke(x, y);
        }
        catch (IndexOutOfRangeException e)
        {
            throw Validate.TooManyOutputs(m, e);
        }
    }
}
