using BenchmarkDotNet.Attributes;
using DualGrad.Bench.Functions;
using DualGrad.Bench.Infrastructure;
using DualGrad.Forward;
using DualGrad.Reverse;

namespace DualGrad.Bench.Suites;

/// <summary>
/// The chain y ← sin(y)·1.0001 + 0.1·y of N = 10³ … 10⁶ steps (4·N recorded operations): derivative by a forward
/// dual pass, by reverse mode on a reused tape, and by the chain's recording compiled (Recording.Compile: 4·N recorded
/// steps rolled back into one loop of four). Target: reverse ≤ 3x the plain evaluation at every N, no stack overflow.
/// </summary>
[MemoryDiagnoser]
public class DeepChainBenchmarks
{
    /// <summary>The starting point y₀ (the report follows the derivative from here too).</summary>
    public const double Y0 = 0.5;
    private readonly double[] _x = [Y0];
    private readonly double[] _gradient = new double[1];
    private readonly Tape<double> _tape = new();
    private Func<Dual<double>, Dual<double>> _dual = null!;
    private ScalarFunc<Var<double>> _var = null!;
    private CompiledRecording<double> _compiled = null!;
    private CompiledWorkspace<double> _workspace = null!;

    public static IEnumerable<int> Sizes => BenchConfig.Sizes(1_000, 10_000, 100_000, 1_000_000);

    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var n = N;
        _dual = y => TestFunctions.Chain(y, n);
        _var = x => TestFunctions.Chain(x[0], n);
        _tape.ValueAndGradient(_var, _x, _gradient);   // warm the tape to 4·N steps
        _compiled = Recording<double>.Record(_var, _x).Compile();
        _workspace = _compiled.CreateWorkspace();
    }

    [Benchmark(Baseline = true)]
    public double Plain() => TestFunctions.Chain(Y0, N);

    [Benchmark]
    public double Forward() => ForwardMode.Derivative(_dual, Y0);

    [Benchmark]
    public double ReverseReusedTape()
    {
        _tape.ValueAndGradient(_var, _x, _gradient);
        return _gradient[0];
    }

    /// <summary>The recording compiled once, replayed (value and derivative).</summary>
    [Benchmark]
    public double ReverseCompiled()
    {
        _compiled.ValueAndGradient(_x, _gradient, _workspace);
        return _gradient[0];
    }
}
