using BenchmarkDotNet.Attributes;
using DualGrad.Bench.Functions;
using DualGrad.Bench.Infrastructure;
using DualGrad.Forward;
using DualGrad.Reverse;

namespace DualGrad.Bench.Suites;

/// <summary>
/// One compiled recording of Rosenbrock, its gradient both ways: ⌈n/4⌉ forward sweeps of four directions
/// (CompiledForwardMode.GradientChunked) against one sweep forward and one back (ValueAndGradient). Where the forward
/// gradient stops being the cheaper one, for a function of this shape.
/// </summary>
[MemoryDiagnoser]
public class CompiledForwardVsReverseBenchmarks
{
    private static readonly ScalarFunc<Var<double>> Var_ = TestFunctions.Rosenbrock;

    private double[] _x = [];
    private double[] _gradient = [];
    private CompiledRecording<double> _compiled = null!;
    private CompiledWorkspace<double> _workspace = null!;

    public static IEnumerable<int> Sizes => BenchConfig.Sizes(4, 8, 16, 32, 64);

    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _x = TestFunctions.Point(N);
        _gradient = new double[N];
        _compiled = Recording<double>.Record(Var_, _x).Compile();
        _workspace = _compiled.CreateWorkspace();
    }

    [Benchmark(Baseline = true)]
    public double Plain() => TestFunctions.Rosenbrock<double>(_x);

    /// <summary>⌈n/4⌉ forward sweeps, four directions each.</summary>
    [Benchmark]
    public double ForwardChunked() => _compiled.GradientChunked(_x, _gradient, _workspace);

    /// <summary>One sweep forward, one back.</summary>
    [Benchmark]
    public double Reverse() => _compiled.ValueAndGradient(_x, _gradient, _workspace);
}
