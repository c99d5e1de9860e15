using DualGrad.Bench.Functions;
using DualGrad.Bench.Suites;
using DualGrad.Forward;

namespace DualGrad.Bench.Reporting;

/// <summary>
/// Why the deep chain's ratio grows between 10³ and 10⁴ steps in both modes: its derivative becomes subnormal. The step
/// where that happens is computed here, by forward mode on the benchmark's own function and starting point.
/// </summary>
public static class ChainNote
{
    // The smallest positive normal double; below it a double is subnormal (fewer significant bits, slower arithmetic).
    private const double MinNormal = 2.2250738585072014E-308;

    /// <summary>The first step count at which dy_N/dy₀ of the chain is below the normal range, its value at 10⁶ steps, and
    /// where y settles with the derivative's factor per step there (1.0001·cos y + 0.1).</summary>
    public static (int FirstSubnormalStep, double DerivativeAtMillion, double Settled, double Factor) Measure()
    {
        var y = Dual<double>.Variable(DeepChainBenchmarks.Y0);
        var first = -1;
        for (var k = 1; k <= 1_000_000; k++)
        {
            y = TestFunctions.Chain(y, 1);
            if (first < 0 && Math.Abs(y.Tangent) < MinNormal) first = k;
        }
        return (first, y.Tangent, y.Value, K<double>.ChainA * Math.Cos(y.Value) + K<double>.ChainB);
    }

    /// <summary>The section of RESULTS.md, with the forward and reverse ratios of the deep-chain suite.</summary>
    public static IEnumerable<string> Lines(Suite chain, Suite? subnormal)
    {
        var (first, last, settled, factor) = Measure();
        string Ratios(string method) => string.Join(", ", chain.Results.Where(r => r.Method == method).OrderBy(r => r.Param("N"))
            .Select(r => $"{Report.Ratio(chain.Ratio(method, r.Parameters) ?? double.NaN)} at {r.Param("N"):N0}"));
        yield return "## The deep chain: a subnormal derivative";
        yield return "";
        yield return $"dy_N/dy₀ = ∏ (1.0001·cos y_k + 0.1). From y₀ = {DeepChainBenchmarks.Y0} the chain settles at y ≈ {settled:0.###}, where each factor is {factor:0.###}, " +
                     $"so the derivative falls below the smallest normal double (2.2e-308) after {first:N0} steps and stays subnormal: at 10⁶ steps forward mode gives {last:G3} " +
                     "(the exact value underflows; round-to-nearest keeps it at a few units of the smallest subnormal, 4.9e-324). " +
                     $"In forward mode every tangent after step {first:N0} is subnormal; in reverse mode, the adjoint of every step but about the last {first:N0} " +
                     "(the same product, taken from the other end). " +
                     "The plain function never meets a subnormal. Arithmetic on subnormal operands is slower on this machine's CPU" +
                     (subnormal?.Ratio("Subnormal") is { } r ? $" (SubnormalArithmeticBenchmarks: the same multiply-adds take {Report.Ratio(r)} the time on subnormal operands)" : "") +
                     ", so both modes cost more per step once most steps are past that point. The forward column shows it without any tape or memory traffic:";
        yield return "";
        yield return $"- forward: {Ratios("Forward")}";
        yield return $"- reverse (reused tape): {Ratios("ReverseReusedTape")}";
        yield return "";
        yield return "(Computed by the report step from the benchmark's own function and starting point.)";
        yield return "";
    }
}
