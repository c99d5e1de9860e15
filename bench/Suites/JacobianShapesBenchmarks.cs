using BenchmarkDotNet.Attributes;
using DualGrad.Bench.Functions;
using DualGrad.Bench.Infrastructure;
using DualGrad.Forward;
using DualGrad.Reverse;

namespace DualGrad.Bench.Suites;

/// <summary>
/// The m×n Jacobian of yⱼ = tanh(Σᵢ cⱼᵢ xᵢ) across shapes n, m ∈ {1, 10, 100, 1,000}: forward by columns
/// (⌈n/8⌉ passes of Chunk8) vs reverse by rows (one recording, m backward sweeps). Shapes with n·m above 10⁵ are
/// skipped (<see cref="SizeLimitFilter"/>): the 1,000×1,000 reverse Jacobian alone would take seconds per invocation.
/// <see cref="Auto"/> is the facade, <c>AD.Jacobian(f, x)</c> with the mode <c>Mode.Auto</c> picks: issue 4's target is
/// that it picks the faster of the two wherever they differ by more than 1.5x. It runs the same loops (through the
/// function's type rather than a delegate) and picks Chunk4 for n ≤ 4, so at n = 1 it can beat ForwardColumns (Chunk8).
/// </summary>
[MemoryDiagnoser]
public class JacobianShapesBenchmarks
{
    private double[] _x = [];
    private double[] _y = [];
    private double[] _cPlain = [];
    private VectorFunc<double> _plain = null!;
    private VectorFunc<ChunkDual<Chunk8>> _chunk = null!;
    private VectorFunc<Var<double>> _var = null!;
    private DenseTanhF _facade;

    /// <summary>The same function for the facade: one coefficient array per scalar type, converted once in the setup.</summary>
    private readonly struct DenseTanhF(int n, int m, double[] c, ChunkDual<Chunk4>[] c4, ChunkDual<Chunk8>[] c8, Var<double>[] cVar) : IVectorFunction
    {
        public int OutputLength(int inputLength) => m;

        public void Invoke<T>(ReadOnlySpan<T> x, Span<T> y) where T : System.Numerics.IFloatingPointIeee754<T> =>
            TestFunctions.DenseTanh(x, y, Coefficients<T>());

        // The JIT folds these type tests in each struct instantiation; any other scalar type converts on the spot.
        private T[] Coefficients<T>() where T : System.Numerics.IFloatingPointIeee754<T> =>
            typeof(T) == typeof(double) ? (T[])(object)c
            : typeof(T) == typeof(ChunkDual<Chunk4>) ? (T[])(object)c4
            : typeof(T) == typeof(ChunkDual<Chunk8>) ? (T[])(object)c8
            : typeof(T) == typeof(Var<double>) ? (T[])(object)cVar
            : TestFunctions.DenseCoefficients<T>(n, m);
    }

    public static IEnumerable<int> Sizes => BenchConfig.Sizes(1, 10, 100, 1000);

    /// <summary>Inputs.</summary>
    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    /// <summary>Outputs.</summary>
    [ParamsSource(nameof(Sizes))]
    public int M { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _x = TestFunctions.Point(N);
        _y = new double[M];
        _cPlain = TestFunctions.DenseCoefficients<double>(N, M);
        var cChunk = TestFunctions.DenseCoefficients<ChunkDual<Chunk8>>(N, M);
        var cVar = TestFunctions.DenseCoefficients<Var<double>>(N, M);
        _facade = new DenseTanhF(N, M, _cPlain, TestFunctions.DenseCoefficients<ChunkDual<Chunk4>>(N, M), cChunk, cVar);
        var cPlain = _cPlain;
        _plain = (x, y) => TestFunctions.DenseTanh(x, y, cPlain);
        _chunk = (x, y) => TestFunctions.DenseTanh(x, y, cChunk);
        _var = (x, y) => TestFunctions.DenseTanh(x, y, cVar);
    }

    [Benchmark(Baseline = true)]
    public double Plain()
    {
        _plain(_x, _y);
        return _y[0];
    }

    [Benchmark]
    public double[,] ForwardColumns() => ForwardMode.JacobianChunked(_chunk, _x, M);

    [Benchmark]
    public double[,] ReverseRows() => ReverseMode.Jacobian(_var, _x, M);

    /// <summary>The facade with <c>Mode.Auto</c> (<c>AD.ChooseMode(n, m)</c>, also printed on the shape map by the report step).</summary>
    [Benchmark]
    public double[,] Auto() => AD.Jacobian(_facade, _x);
}
