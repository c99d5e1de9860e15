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

    // What Mode.Auto picks for each shape (AD.ChooseMode(n, m)) is printed on the shape map by the report step.
}
