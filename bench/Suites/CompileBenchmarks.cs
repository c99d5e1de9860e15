using BenchmarkDotNet.Attributes;
using DualGrad.Bench.Functions;
using DualGrad.Bench.Infrastructure;
using DualGrad.Forward;
using DualGrad.Reverse;

namespace DualGrad.Bench.Suites;

/// <summary>
/// What compiling a recording costs, once: Rosenbrock at n = 1,000 and 100,000. Compile includes the first replay
/// (the JIT compiles the generated methods on their first call); RecordAndCompile adds the recording. The ratio to
/// the plain evaluation says how many evaluations of f the one-time cost is worth.
/// </summary>
[MemoryDiagnoser]
public class CompileBenchmarks
{
    private static readonly ScalarFunc<Var<double>> Var_ = TestFunctions.Rosenbrock;

    private double[] _x = [];
    private double[] _gradient = [];
    private Recording<double> _recording = null!;

    public static IEnumerable<int> Sizes => BenchConfig.Sizes(1_000, 100_000);

    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _x = TestFunctions.Point(N);
        _gradient = new double[N];
        _recording = Recording<double>.Record(Var_, _x);
    }

    [Benchmark(Baseline = true)]
    public double Plain() => TestFunctions.Rosenbrock<double>(_x);

    /// <summary>Compile a recording and replay it once.</summary>
    [Benchmark]
    public double Compile() => _recording.Compile().ValueAndGradient(_x, _gradient);

    /// <summary>Record, compile and replay once: everything before the first compiled gradient.</summary>
    [Benchmark]
    public double RecordAndCompile() => Recording<double>.Record(Var_, _x).Compile().ValueAndGradient(_x, _gradient);
}
