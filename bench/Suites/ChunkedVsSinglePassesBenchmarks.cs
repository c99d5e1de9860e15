using BenchmarkDotNet.Attributes;
using DualGrad.Bench.Functions;
using DualGrad.Forward;

namespace DualGrad.Bench.Suites;

/// <summary>Rosenbrock n = 1,000: the forward gradient by n single passes vs ⌈n/k⌉ chunked passes. Target: chunked ≥ 4x faster.</summary>
[MemoryDiagnoser]
public class ChunkedVsSinglePassesBenchmarks
{
    private static readonly ScalarFunc<Dual<double>> Dual_ = TestFunctions.Rosenbrock;
    private static readonly ScalarFunc<ChunkDual<Chunk4>> Chunk4_ = TestFunctions.Rosenbrock;
    private static readonly ScalarFunc<ChunkDual<Chunk8>> Chunk8_ = TestFunctions.Rosenbrock;

    private double[] _x = [];
    private double[] _gradient = [];

    [Params(1000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _x = TestFunctions.Point(N);
        _gradient = new double[N];
    }

    [Benchmark(Baseline = true)]
    public double Plain() => TestFunctions.Rosenbrock<double>(_x);

    [Benchmark]
    public double ForwardSinglePasses() => ForwardMode.Gradient(Dual_, _x, _gradient);

    [Benchmark]
    public double ForwardChunk4() => ForwardMode.GradientChunked(Chunk4_, _x, _gradient);

    [Benchmark]
    public double ForwardChunk8() => ForwardMode.GradientChunked(Chunk8_, _x, _gradient);
}
