// Lesson: a forward derivative needs nothing on the heap. The seeded inputs live on the stack for small n and in an
// array rented from the shared pool above that, so once the pool holds an array of the right size a gradient or a
// directional derivative allocates 0 bytes, at any n. (Bytes, not time: timing belongs to the benchmarks.)
using DualGrad.Forward;
using DualGrad.Properties.Reverse;
using D = DualGrad.Forward.Dual<double>;

namespace DualGrad.Properties.Forward;

public sealed class AllocationTests
{
    public static TheoryData<int> Sizes() => [4, 5, 128, 129, 1000];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Forward_derivatives_allocate_nothing_once_the_pool_is_warm(int n)
    {
        var x = new double[n];
        var v = new double[n];
        for (var i = 0; i < n; i++) (x[i], v[i]) = (Math.Sin(i + 1.0), Math.Cos(i));
        var gradient = new double[n];
        ScalarFunc<D> single = ReverseTestFunctions.Rosenbrock;
        ScalarFunc<ChunkDual<Chunk4>> by4 = ReverseTestFunctions.Rosenbrock;
        ScalarFunc<ChunkDual<Chunk8>> by8 = ReverseTestFunctions.Rosenbrock;

        Assert.Equal(0, Allocation.Least(() => ForwardMode.DirectionalDerivative(single, x, v)));
        Assert.Equal(0, Allocation.Least(() => ForwardMode.Gradient(single, x, gradient)));
        Assert.Equal(0, Allocation.Least(() => ForwardMode.GradientChunked(by4, x, gradient)));
        Assert.Equal(0, Allocation.Least(() => ForwardMode.GradientChunked(by8, x, gradient)));

        // J·v of a map ℝⁿ → ℝⁿ (n outputs as well, so the outputs also cross the stack limit).
        VectorFunc<D> shift = Shift;
        var y = new double[n];
        var jv = new double[n];
        Assert.Equal(0, Allocation.Least(() => ForwardMode.Jvp(shift, x, v, y, jv)));
        Assert.Equal(Math.Sin(x[0]) * x[n - 1], y[0]);
    }

    // yᵢ = sin(xᵢ)·x₍ᵢ₋₁₎ mod n: every output depends on two inputs.
    private static void Shift(ReadOnlySpan<D> x, Span<D> y)
    {
        for (var i = 0; i < x.Length; i++) y[i] = D.Sin(x[i]) * x[(i + x.Length - 1) % x.Length];
    }
}
