using System.Numerics;
using BenchmarkDotNet.Attributes;
using DualGrad.Bench.Functions;
using DualGrad.Bench.Infrastructure;
using DualGrad.Forward;
using DualGrad.Reverse;

namespace DualGrad.Bench.Suites;

/// <summary>
/// The facade users import against the mode it calls, side by side in one run, on Powell (n = 4) and Rosenbrock
/// (n = 1,000). Issue 4's target: the facade adds at most 10% over calling the mode directly on Powell's gradient, i.e.
/// <see cref="FacadeForward"/> over <see cref="DirectForward"/> and <see cref="FacadeReverse"/> over
/// <see cref="DirectReverse"/>. Each pair does the same work: the same generic function, the gradient written into the
/// same preallocated array, forward by the chunk the facade picks (Chunk4 for n ≤ 4, Chunk8 above), reverse on
/// ReverseMode's tape for one call. The direct calls get their delegates built once, as a user of ForwardMode/ReverseMode
/// would cache them; the facade is given the function as a field-less struct, as its generic entry point is meant to be
/// used (it then builds those delegates once per type, and adds only its argument checks).
/// <see cref="FacadeForwardClass"/>/<see cref="FacadeReverseClass"/> (a class behind <see cref="IScalarFunction"/>:
/// forward pays one interface dispatch per pass, reverse one delegate per call) and
/// <see cref="ArrayForward"/>/<see cref="ArrayReverse"/>/<see cref="ArrayAuto"/> (the array-returning overloads: a fresh
/// result per call, so their allocation is expected) show the other ways in.
/// </summary>
[MemoryDiagnoser]
public class FacadeBenchmarks
{
    private readonly struct PowellS : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T> => TestFunctions.Powell(x);
    }

    private readonly struct RosenbrockS : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T> => TestFunctions.Rosenbrock(x);
    }

    private sealed class PowellC : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T> => TestFunctions.Powell(x);
    }

    private sealed class RosenbrockC : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T> => TestFunctions.Rosenbrock(x);
    }

    private bool _powell;
    private IScalarFunction _class = null!;
    private ScalarFunc<ChunkDual<Chunk4>> _chunk4 = null!;
    private ScalarFunc<ChunkDual<Chunk8>> _chunk8 = null!;
    private ScalarFunc<Var<double>> _var = null!;
    private double[] _x = [];
    private double[] _gradient = [];

    public static IEnumerable<int> Sizes => BenchConfig.Sizes(4, 1000);

    /// <summary>4: Powell at the notebook's point; otherwise Rosenbrock of that size.</summary>
    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _powell = N == 4;
        _x = _powell ? TestFunctions.PowellPoint() : TestFunctions.Point(N);
        _gradient = new double[N];
        _class = _powell ? new PowellC() : new RosenbrockC();
        _chunk4 = _powell ? TestFunctions.Powell : TestFunctions.Rosenbrock;
        _chunk8 = _powell ? TestFunctions.Powell : TestFunctions.Rosenbrock;
        _var = _powell ? TestFunctions.Powell : TestFunctions.Rosenbrock;
        Console.WriteLine($"// AD.ChooseMode({N} inputs, 1 output) = {AD.ChooseMode(N, 1)}");
    }

    [Benchmark(Baseline = true)]
    public double Plain() => _powell ? TestFunctions.Powell<double>(_x) : TestFunctions.Rosenbrock<double>(_x);

    /// <summary>ForwardMode.GradientChunked directly (Chunk4 for Powell, Chunk8 for Rosenbrock, as the facade picks).</summary>
    [Benchmark]
    public double DirectForward() => _powell
        ? ForwardMode.GradientChunked(_chunk4, _x, _gradient)
        : ForwardMode.GradientChunked(_chunk8, _x, _gradient);

    /// <summary>The facade, forward mode, into the caller's array, the function a struct.</summary>
    [Benchmark]
    public double FacadeForward() => _powell
        ? AD.ValueAndGradient(new PowellS(), _x, _gradient, Mode.Forward)
        : AD.ValueAndGradient(new RosenbrockS(), _x, _gradient, Mode.Forward);

    /// <summary>The facade, forward mode, into the caller's array, the function a class seen as <see cref="IScalarFunction"/>.</summary>
    [Benchmark]
    public double FacadeForwardClass() => AD.ValueAndGradient(_class, _x, _gradient, Mode.Forward);

    /// <summary>ReverseMode.ValueAndGradient directly (a fresh tape per call).</summary>
    [Benchmark]
    public double DirectReverse() => ReverseMode.ValueAndGradient(_var, _x, _gradient);

    /// <summary>The facade, reverse mode, into the caller's array, the function a struct.</summary>
    [Benchmark]
    public double FacadeReverse() => _powell
        ? AD.ValueAndGradient(new PowellS(), _x, _gradient, Mode.Reverse)
        : AD.ValueAndGradient(new RosenbrockS(), _x, _gradient, Mode.Reverse);

    /// <summary>The facade, reverse mode, into the caller's array, the function a class seen as <see cref="IScalarFunction"/>.</summary>
    [Benchmark]
    public double FacadeReverseClass() => AD.ValueAndGradient(_class, _x, _gradient, Mode.Reverse);

    /// <summary><c>AD.Gradient(IScalarFunction, double[], Mode.Forward)</c>: returns a fresh array.</summary>
    [Benchmark]
    public double[] ArrayForward() => AD.Gradient(_class, _x, Mode.Forward);

    /// <summary><c>AD.Gradient(IScalarFunction, double[], Mode.Reverse)</c>: returns a fresh array.</summary>
    [Benchmark]
    public double[] ArrayReverse() => AD.Gradient(_class, _x, Mode.Reverse);

    /// <summary><c>AD.Gradient(IScalarFunction, double[])</c> with the mode <c>Mode.Auto</c> picks: returns a fresh array.</summary>
    [Benchmark]
    public double[] ArrayAuto() => AD.Gradient(_class, _x, Mode.Auto);
}
