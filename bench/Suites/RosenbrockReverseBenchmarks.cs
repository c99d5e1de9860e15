using BenchmarkDotNet.Attributes;
using DualGrad.Bench.Functions;
using DualGrad.Bench.Infrastructure;
using DualGrad.Forward;
using DualGrad.Reverse;

namespace DualGrad.Bench.Suites;

/// <summary>
/// Reverse mode on Rosenbrock at n = 1,000 / 100,000 / 1,000,000: a fresh tape per gradient, a reused tape, and a
/// frozen recording replayed (value and gradient), interpreted and compiled. Targets: reverse ≤ 40x, replay ≤ 20x the plain evaluation.
/// </summary>
[MemoryDiagnoser]
public class RosenbrockReverseBenchmarks
{
    private static readonly ScalarFunc<Var<double>> Var_ = TestFunctions.Rosenbrock;

    private double[] _x = [];
    private double[] _gradient = [];
    private readonly Tape<double> _tape = new();
    private Recording<double> _recording = null!;
    private ReplayWorkspace<double> _workspace = null!;
    private CompiledRecording<double> _compiled = null!;
    private CompiledWorkspace<double> _compiledWorkspace = null!;

    public static IEnumerable<int> Sizes => BenchConfig.Sizes(1_000, 100_000, 1_000_000);

    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _x = TestFunctions.Point(N);
        _gradient = new double[N];
        _tape.ValueAndGradient(Var_, _x, _gradient);
        Console.WriteLine($"// Rosenbrock n = {N}: {_tape.Count} recorded steps ({_tape.Count / (double)N:0.##} per input)");
        _recording = Recording<double>.Record(Var_, _x);
        _workspace = _recording.CreateWorkspace();
        _compiled = _recording.Compile();
        _compiledWorkspace = _compiled.CreateWorkspace();
    }

    [Benchmark(Baseline = true)]
    public double Plain() => TestFunctions.Rosenbrock<double>(_x);

    /// <summary>Fresh tape per gradient (<c>ReverseMode.ValueAndGradient</c>): includes growing the tape.</summary>
    [Benchmark]
    public double Reverse() => ReverseMode.ValueAndGradient(Var_, _x, _gradient);

    [Benchmark]
    public double ReverseReusedTape() => _tape.ValueAndGradient(Var_, _x, _gradient);

    [Benchmark]
    public double Replay() => _recording.ValueAndGradient(_x, _gradient, _workspace);

    /// <summary>The recording compiled once (its loop rolled back up), replayed: value and gradient by generated code.</summary>
    [Benchmark]
    public double Compiled() => _compiled.ValueAndGradient(_x, _gradient, _compiledWorkspace);
}
