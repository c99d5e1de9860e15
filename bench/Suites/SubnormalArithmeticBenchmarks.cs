using BenchmarkDotNet.Attributes;

namespace DualGrad.Bench.Suites;

/// <summary>
/// The same 1,000 dependent multiply-adds on normal and on subnormal operands: what arithmetic costs once a derivative
/// has underflowed, as the deep chain's does (see the report's deep-chain note). <see cref="Plain"/>, the baseline, keeps
/// every value near 1.5; <see cref="Subnormal"/> runs the identical instructions on values near 3·10⁻³²³.
/// </summary>
[MemoryDiagnoser]
public class SubnormalArithmeticBenchmarks
{
    private const int Steps = 1_000;

    // Fields, not constants, so the JIT cannot fold the loop away.
    private double _normal = 1.0;
    private double _subnormal = 4 * double.Epsilon;   // double.Epsilon is the smallest subnormal, 4.9e-324

    // acc ← acc·0.5 + g·0.75 settles at 1.5·g and stays in g's range: normal for g = 1, subnormal for a subnormal g.
    private static double Run(double g)
    {
        var acc = g;
        for (var k = 0; k < Steps; k++) acc = acc * 0.5 + g * 0.75;
        return acc;
    }

    /// <summary>Normal operands.</summary>
    [Benchmark(Baseline = true)]
    public double Plain() => Run(_normal);

    /// <summary>Subnormal operands, the same instructions.</summary>
    [Benchmark]
    public double Subnormal() => Run(_subnormal);
}
