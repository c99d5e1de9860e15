using BenchmarkDotNet.Attributes;
using DualGrad.Bench.Functions;
using DualGrad.Bench.Infrastructure;

namespace DualGrad.Bench.Suites;

/// <summary>
/// The facade users import: <c>AD.Gradient(IScalarFunction f, double[] x, Mode mode)</c> on Powell (n = 4) and
/// Rosenbrock (n = 1,000), in each mode, including what <c>Mode.Auto</c> picks (printed in the setup and in RESULTS.md).
/// It returns a fresh array per call, so its allocation is expected.
/// </summary>
[MemoryDiagnoser]
public class FacadeBenchmarks
{
    private sealed class PowellF : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : System.Numerics.IFloatingPointIeee754<T> => TestFunctions.Powell(x);
    }

    private sealed class RosenbrockF : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : System.Numerics.IFloatingPointIeee754<T> => TestFunctions.Rosenbrock(x);
    }

    private IScalarFunction _f = null!;
    private double[] _x = [];

    public static IEnumerable<int> Sizes => BenchConfig.Sizes(4, 1000);

    /// <summary>4: Powell at the notebook's point; otherwise Rosenbrock of that size.</summary>
    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_f, _x) = N == 4 ? (new PowellF(), TestFunctions.PowellPoint()) : ((IScalarFunction)new RosenbrockF(), TestFunctions.Point(N));
        Console.WriteLine($"// AD.ChooseMode({N} inputs, 1 output) = {AD.ChooseMode(N, 1)}");
    }

    [Benchmark(Baseline = true)]
    public double Plain() => _f.Invoke<double>(_x);

    [Benchmark]
    public double[] Forward() => AD.Gradient(_f, _x, Mode.Forward);

    [Benchmark]
    public double[] Reverse() => AD.Gradient(_f, _x, Mode.Reverse);

    [Benchmark]
    public double[] Auto() => AD.Gradient(_f, _x, Mode.Auto);
}
