using BenchmarkDotNet.Attributes;
using DualGrad.Bench.Functions;
using DualGrad.Bench.Infrastructure;
using DualGrad.Forward;
using DualGrad.Reverse;

namespace DualGrad.Bench.Suites;

/// <summary>
/// The gradient of ℝⁿ → ℝ across n = 1 … 100,000: forward (Chunk8) vs reverse (reused tape) vs central differences,
/// each over the plain evaluation. Forward and central differences cost O(n) evaluations, so sizes where one
/// invocation exceeds about 2 s are skipped (<see cref="SizeLimitAttribute"/>): see bench/README.md.
/// </summary>
[MemoryDiagnoser]
public abstract class GradientScalingBenchmarks
{
    private double[] _x = [];
    private double[] _work = [];
    private double[] _gradient = [];
    private readonly Tape<double> _tape = new();

    public static IEnumerable<int> Sizes => BenchConfig.Sizes(1, 10, 100, 1000, 10_000, 100_000);

    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    protected abstract ScalarFunc<double> PlainF { get; }
    protected abstract ScalarFunc<ChunkDual<Chunk8>> ChunkF { get; }
    protected abstract ScalarFunc<Var<double>> VarF { get; }

    [GlobalSetup]
    public void Setup()
    {
        _x = TestFunctions.Point(N);
        _work = TestFunctions.Point(N);
        _gradient = new double[N];
        _tape.ValueAndGradient(VarF, _x, _gradient);   // warm the reusable tape to its full size
    }

    [Benchmark(Baseline = true)]
    public double Plain() => PlainF(_x);

    [Benchmark]
    [SizeLimit(MaxN = 10_000)]
    public double ForwardChunked() => ForwardMode.GradientChunked(ChunkF, _x, _gradient);

    [Benchmark]
    public double ReverseReusedTape() => _tape.ValueAndGradient(VarF, _x, _gradient);

    [Benchmark]
    [SizeLimit(MaxN = 10_000)]
    public virtual double CentralDifferences()
    {
        Functions.CentralDifferences.Gradient(PlainF, _work, _gradient);
        return _gradient[0];
    }

    // The facade (AD.Gradient, Mode.Auto and what it picks) is measured in FacadeBenchmarks.
}

/// <summary>Rosenbrock (cheap arithmetic, 8 operations per term).</summary>
public class GradientScalingRosenbrock : GradientScalingBenchmarks
{
    private static readonly ScalarFunc<double> Plain_ = TestFunctions.Rosenbrock;
    private static readonly ScalarFunc<ChunkDual<Chunk8>> Chunk_ = TestFunctions.Rosenbrock;
    private static readonly ScalarFunc<Var<double>> Var_ = TestFunctions.Rosenbrock;

    protected override ScalarFunc<double> PlainF => Plain_;
    protected override ScalarFunc<ChunkDual<Chunk8>> ChunkF => Chunk_;
    protected override ScalarFunc<Var<double>> VarF => Var_;
}

/// <summary>Σ sin(xᵢ)·exp(cos(xᵢ₊₁)) (transcendental-heavy). Central differences stop at n = 1,000 here (n = 10,000 takes about 3 s per gradient).</summary>
public class GradientScalingTranscendental : GradientScalingBenchmarks
{
    private static readonly ScalarFunc<double> Plain_ = TestFunctions.Transcendental;
    private static readonly ScalarFunc<ChunkDual<Chunk8>> Chunk_ = TestFunctions.Transcendental;
    private static readonly ScalarFunc<Var<double>> Var_ = TestFunctions.Transcendental;

    protected override ScalarFunc<double> PlainF => Plain_;
    protected override ScalarFunc<ChunkDual<Chunk8>> ChunkF => Chunk_;
    protected override ScalarFunc<Var<double>> VarF => Var_;

    [Benchmark]
    [SizeLimit(MaxN = 1_000)]
    public override double CentralDifferences() => base.CentralDifferences();
}
