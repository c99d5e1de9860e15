using BenchmarkDotNet.Attributes;
using DualGrad.Bench.Functions;
using DualGrad.Forward;
using DualGrad.Reverse;

namespace DualGrad.Bench.Suites;

/// <summary>
/// The notebook's function (Powell, 4 inputs, f(3,−1,0,1) = 215): value vs every way of taking its gradient.
/// Targets: forward chunked ≤ 6x, reverse ≤ 50x the plain evaluation; 0 bytes per forward derivative.
/// The TorchSharp peer lives in bench/Peers (a separate project).
/// </summary>
[MemoryDiagnoser]
public class PowellBenchmarks
{
    private static readonly ScalarFunc<double> Plain_ = TestFunctions.Powell;
    private static readonly ScalarFunc<Dual<double>> Dual_ = TestFunctions.Powell;
    private static readonly ScalarFunc<ChunkDual<Chunk4>> Chunk4_ = TestFunctions.Powell;
    private static readonly ScalarFunc<Var<double>> Var_ = TestFunctions.Powell;

    private readonly double[] _x = TestFunctions.PowellPoint();
    private readonly double[] _work = TestFunctions.PowellPoint();
    private readonly double[] _gradient = new double[4];
    private readonly Tape<double> _tape = new();
    private Recording<double> _recording = null!;
    private ReplayWorkspace<double> _workspace = null!;
    private CompiledRecording<double> _compiled = null!;
    private CompiledWorkspace<double> _compiledWorkspace = null!;

    [GlobalSetup]
    public void Setup()
    {
        _tape.ValueAndGradient(Var_, _x, _gradient);   // warm the reusable tape
        _recording = Recording<double>.Record(Var_, _x);
        _workspace = _recording.CreateWorkspace();
        _compiled = _recording.Compile();
        _compiledWorkspace = _compiled.CreateWorkspace();
    }

    [Benchmark(Baseline = true)]
    public double Plain() => TestFunctions.Powell<double>(_x);

    /// <summary>Four single-direction dual passes (n passes).</summary>
    [Benchmark]
    public double ForwardSinglePasses() => ForwardMode.Gradient(Dual_, _x, _gradient);

    /// <summary>One pass carrying all four tangents (Chunk4).</summary>
    [Benchmark]
    public double ForwardChunked() => ForwardMode.GradientChunked(Chunk4_, _x, _gradient);

    /// <summary>The recording compiled once, one forward sweep carrying all four tangents (CompiledForwardMode.GradientChunked).</summary>
    [Benchmark]
    public double ForwardCompiledChunked() => _compiled.GradientChunked(_x, _gradient, _compiledWorkspace);

    /// <summary>Reverse mode as a user calls it first: a fresh tape per gradient.</summary>
    [Benchmark]
    public double Reverse() => ReverseMode.ValueAndGradient(Var_, _x, _gradient);

    /// <summary>Reverse mode reusing one tape (allocation-free after warm-up).</summary>
    [Benchmark]
    public double ReverseReusedTape() => _tape.ValueAndGradient(Var_, _x, _gradient);

    /// <summary>A frozen recording replayed at the point (value and gradient without re-running the function).</summary>
    [Benchmark]
    public double ReverseReplay() => _recording.ValueAndGradient(_x, _gradient, _workspace);

    /// <summary>The recording compiled once (Recording.Compile), replayed: value and gradient by generated code.</summary>
    [Benchmark]
    public double ReverseCompiled() => _compiled.ValueAndGradient(_x, _gradient, _compiledWorkspace);

    /// <summary>Central differences: 8 evaluations.</summary>
    [Benchmark]
    public double CentralDifferences()
    {
        Functions.CentralDifferences.Gradient(Plain_, _work, _gradient);
        return _gradient[0];
    }

    // The facade (AD.Gradient with Mode.Forward / Reverse / Auto) is measured in FacadeBenchmarks.
}
