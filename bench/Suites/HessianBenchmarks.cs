using BenchmarkDotNet.Attributes;
using DualGrad.Bench.Functions;
using DualGrad.Bench.Infrastructure;
using DualGrad.Forward;
using DualGrad.Reverse;

namespace DualGrad.Bench.Suites;

/// <summary>
/// Second order on Rosenbrock, n = 10 and 100: the Hessian-vector product H·v by forward over reverse (reverse mode on
/// <c>Dual&lt;double&gt;</c> with inputs seeded xᵢ + vᵢε: the gradient's tangents are H·v), and the full Hessian as n
/// such products with unit vectors.
/// </summary>
[MemoryDiagnoser]
public class HessianBenchmarks
{
    private static readonly ScalarFunc<Var<double>> Var_ = TestFunctions.Rosenbrock;
    private static readonly ScalarFunc<Var<Dual<double>>> VarDual_ = TestFunctions.Rosenbrock;

    private double[] _x = [];
    private double[] _gradient = [];
    private Dual<double>[] _seeded = [];
    private Dual<double>[] _dualGradient = [];
    private double[] _hessian = [];
    private readonly Tape<double> _tape = new();
    private readonly Tape<Dual<double>> _dualTape = new();

    public static IEnumerable<int> Sizes => BenchConfig.Sizes(10, 100);

    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _x = TestFunctions.Point(N);
        _gradient = new double[N];
        _seeded = new Dual<double>[N];
        for (var i = 0; i < N; i++) _seeded[i] = new(_x[i], Math.Cos(i));
        _dualGradient = new Dual<double>[N];
        _hessian = new double[N * N];
        _tape.ValueAndGradient(Var_, _x, _gradient);
        _dualTape.ValueAndGradient(VarDual_, _seeded, _dualGradient);
    }

    [Benchmark(Baseline = true)]
    public double Plain() => TestFunctions.Rosenbrock<double>(_x);

    /// <summary>For scale: the first-order gradient (reverse, reused tape).</summary>
    [Benchmark]
    public double Gradient() => _tape.ValueAndGradient(Var_, _x, _gradient);

    /// <summary>H·v via <c>ReverseMode.ValueAndGradient&lt;Dual&lt;double&gt;&gt;</c> (fresh tape, as a user first writes it).</summary>
    [Benchmark]
    public double HvpForwardOverReverse()
    {
        ReverseMode.ValueAndGradient(VarDual_, _seeded, _dualGradient);
        return _dualGradient[0].Tangent;
    }

    /// <summary>H·v, forward over reverse on a reused <c>Tape&lt;Dual&lt;double&gt;&gt;</c>.</summary>
    [Benchmark]
    public double HvpReusedTape()
    {
        _dualTape.ValueAndGradient(VarDual_, _seeded, _dualGradient);
        return _dualGradient[0].Tangent;
    }

    /// <summary>The full n×n Hessian as n Hessian-vector products with the unit vectors (reused tape).</summary>
    [Benchmark]
    public double FullHessian()
    {
        var n = _x.Length;
        var seeded = _seeded;
        for (var i = 0; i < n; i++) seeded[i] = new(_x[i], 0.0);
        for (var col = 0; col < n; col++)
        {
            seeded[col] = new(_x[col], 1.0);
            _dualTape.ValueAndGradient(VarDual_, seeded, _dualGradient);
            for (var row = 0; row < n; row++) _hessian[row * n + col] = _dualGradient[row].Tangent;
            seeded[col] = new(_x[col], 0.0);
        }
        for (var i = 0; i < n; i++) seeded[i] = new(_x[i], Math.Cos(i));   // restore the HVP direction
        return _hessian[0];
    }
}
