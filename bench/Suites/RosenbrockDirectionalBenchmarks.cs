using BenchmarkDotNet.Attributes;
using DualGrad.Bench.Functions;
using DualGrad.Forward;

namespace DualGrad.Bench.Suites;

/// <summary>Rosenbrock n = 1,000: one forward directional derivative ∇f·v vs the plain value. Target ≤ 2.5x, 0 bytes.</summary>
[MemoryDiagnoser]
public class RosenbrockDirectionalBenchmarks
{
    private static readonly ScalarFunc<Dual<double>> Dual_ = TestFunctions.Rosenbrock;

    private double[] _x = [];
    private double[] _v = [];

    [Params(1000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _x = TestFunctions.Point(N);
        _v = new double[N];
        for (var i = 0; i < N; i++) _v[i] = Math.Cos(i);
    }

    [Benchmark(Baseline = true)]
    public double Plain() => TestFunctions.Rosenbrock<double>(_x);

    [Benchmark]
    public double ForwardDirectional() => ForwardMode.DirectionalDerivative(Dual_, _x, _v).Derivative;
}
