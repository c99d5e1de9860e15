using DualGrad.Forward;
using DualGrad.Reverse;

namespace DualGrad;

// The facade's Jacobians: ForwardMode.JacobianChunked (k columns per pass) and ReverseMode.Jacobian (one recording, one
// sweep per row), each given a closure over the function that checks its outputs in the first pass (every output
// pre-set to a sentinel NaN, writing past the end caught), so the facade no longer evaluates f once more in double just
// to check it. Jvp and Vjp check their one pass the same way. A closure per Jacobian, nothing per pass or row. JacobianTests checks both against the modes called
// directly, bit for bit.
internal static class JacobianKernels
{
    // ForwardMode.JacobianChunked itself, through a closure that checks the outputs on the first pass only (the
    // closure's flag belongs to this one call). A loop of the facade's own, calling the function without a delegate, was
    // 1.4-1.7x slower here: the JIT compiles the function better as a separate method than inlined into that loop.
    public static double[,] Forward<TFunction, TChunk>(TFunction f, ReadOnlySpan<double> x, int m)
        where TFunction : IVectorFunction
        where TChunk : unmanaged, IChunk<TChunk>
    {
        var first = true;
        return ForwardMode.JacobianChunked<TChunk>((inputs, outputs) =>
        {
            if (!first)
            {
                f.Invoke(inputs, outputs);
                return;
            }
            first = false;
            outputs.Fill(ChunkDual<TChunk>.Constant(Validate.Unwritten));
            Checked(f, inputs, outputs, m);
            for (var row = 0; row < m; row++) Validate.Written(outputs[row].Value, row, m);
        }, x, m);
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

    // Jvp's one pass, checked as the Jacobian's first pass is: what f fails to write on dual numbers would otherwise come
    // back as 0 (ForwardMode.Jvp clears its outputs), even when f writes it on double.
    public static void Jvp(IVectorFunction f, ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> y, Span<double> jv)
    {
        var m = y.Length;
        ForwardMode.Jvp((inputs, outputs) =>
        {
            outputs.Fill(Dual<double>.Constant(Validate.Unwritten));
            Checked(f, inputs, outputs, m);
            for (var row = 0; row < m; row++) Validate.Written(outputs[row].Value, row, m);
        }, x, v, y, jv);
    }

    // Vjp's one recording, checked the same way (an unwritten Var output is a constant 0 that no adjoint reaches).
    public static void Vjp(IVectorFunction f, ReadOnlySpan<double> x, ReadOnlySpan<double> u, Span<double> y, Span<double> vjp)
    {
        var m = y.Length;
        ReverseMode.Vjp<double>((inputs, outputs) =>
        {
            outputs.Fill(new Var<double>(Validate.Unwritten));
            Checked(f, inputs, outputs, m);
            for (var row = 0; row < m; row++) Validate.Written(outputs[row].Value, row, m);
        }, x, u, y, vjp);
    }

    // The first pass, with an IndexOutOfRangeException (a write past the last output, or f's own bad index) reported as
    // the function's fault.
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
