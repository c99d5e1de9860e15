using BenchmarkDotNet.Attributes;
using DualGrad.Forward;
using DualGrad.Reverse;

namespace DualGrad.Bench.Peers;

/// <summary>
/// Gradient of Powell's function at (3, -1, 0, 1) (value 215, gradient [306, -144, -18, -310]):
/// each benchmark takes the point as a <c>double[]</c> and returns plain doubles, so the numbers
/// include every conversion a caller would pay.
/// </summary>
[MemoryDiagnoser]
public class PowellGradientBenchmarks
{
    private readonly double[] _x = Powell.Point();

    /// <summary>Plain double evaluation of f, no derivatives: the yardstick.</summary>
    [Benchmark(Baseline = true)]
    public double Plain() => Powell.Value(_x);

    /// <summary>TorchSharp autograd with scalar tensor ops, as the PyTorch notebook writes it.</summary>
    [Benchmark]
    public double[] TorchScalarOps() => TorchPowell.Gradient(_x);

    /// <summary>DualGrad reverse mode as a user first calls it: <c>ReverseMode.ValueAndGradient</c> (a tape for the call).</summary>
    [Benchmark]
    public double[] DualGradReverse()
    {
        var gradient = new double[4];
        ReverseMode.ValueAndGradient(PowellOnVar, _x, gradient);
        return gradient;
    }

    /// <summary>DualGrad reverse mode on a tape reused between gradients (as an optimisation loop would).</summary>
    [Benchmark]
    public double[] DualGradReverseReusedTape()
    {
        var gradient = new double[4];
        _tape.ValueAndGradient(PowellOnVar, _x, gradient);
        return gradient;
    }

    /// <summary>DualGrad's recording of f compiled once (Recording.Compile) and replayed, as an optimisation loop would.</summary>
    [Benchmark]
    public double[] DualGradCompiled()
    {
        var gradient = new double[4];
        _compiled.ValueAndGradient(_x, gradient, _workspace);
        return gradient;
    }

    private static readonly ScalarFunc<Var<double>> PowellOnVar = Powell.Value;
    private readonly Tape<double> _tape = new();
    private static readonly CompiledRecording<double> Compiled = Recording<double>.Record(PowellOnVar, Powell.Point()).Compile();
    private readonly CompiledRecording<double> _compiled = Compiled;
    private readonly CompiledWorkspace<double> _workspace = Compiled.CreateWorkspace();
}
