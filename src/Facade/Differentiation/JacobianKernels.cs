using DualGrad.Forward;
using DualGrad.Reverse;

namespace DualGrad;

// The facade's Jacobians: ForwardMode.JacobianChunked (k columns per pass) and ReverseMode.Jacobian (one recording, one
// sweep per row), each given a closure over the function that checks its outputs in the first pass (every output
// pre-set to a sentinel NaN, writing past the end caught), so the facade no longer evaluates f once more in double just
// to check it (Validate.Invoke). Jvp and Vjp check their one pass the same way. A closure per Jacobian, nothing per pass
// or row. JacobianTests checks both against the modes called directly, bit for bit.
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
            Validate.Invoke(f, inputs, outputs, ChunkDual<TChunk>.Constant(Validate.Unwritten), static d => d.Value);
        }, x, m);
    }

    // ReverseMode.Jacobian itself (its tape for one call rents from the shared pool, which a tape built here could not),
    // with the output check folded into the one call it makes of f: a closure per Jacobian, nothing per row.
    public static double[,] Reverse<TFunction>(TFunction f, ReadOnlySpan<double> x, int m)
        where TFunction : IVectorFunction =>
        ReverseMode.Jacobian<double>((inputs, outputs) => Validate.Invoke(f, inputs, outputs, UnwrittenVar, static v => v.Value), x, m);

    // Jvp's one pass, checked as the Jacobian's first pass is: what f fails to write on dual numbers would otherwise come
    // back as 0 (ForwardMode.Jvp clears its outputs), even when f writes it on double.
    public static void Jvp(IVectorFunction f, ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> y, Span<double> jv) =>
        ForwardMode.Jvp((inputs, outputs) => Validate.Invoke(f, inputs, outputs, Dual<double>.Constant(Validate.Unwritten), static d => d.Value), x, v, y, jv);

    // Vjp's one recording, checked the same way (an unwritten Var output is a constant 0 that no adjoint reaches).
    public static void Vjp(IVectorFunction f, ReadOnlySpan<double> x, ReadOnlySpan<double> u, Span<double> y, Span<double> vjp) =>
        ReverseMode.Vjp<double>((inputs, outputs) => Validate.Invoke(f, inputs, outputs, UnwrittenVar, static v => v.Value), x, u, y, vjp);

    // The sentinel as a recorded-nowhere constant.
    private static readonly Var<double> UnwrittenVar = new(Validate.Unwritten);
}
