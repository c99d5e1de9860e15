// Lesson 0: how to compare two derivatives. Forward and reverse mode multiply the same local partials along the same
// paths of the graph, only associated differently, so they differ by rounding alone: a few ulps per operation, scaled
// by the size of the terms being added (not of the result, which may cancel). Finite differences differ by the
// truncation and rounding errors of the difference quotient instead. Every tolerance in the course comes from here.
using DualGrad.Properties.Generators;

namespace DualGrad.Properties.Course;

internal static class Tolerances
{
    public const double Eps = 2.220446049250313e-16;   // 2⁻⁵², the gap between 1 and the next double

    /// <summary>
    /// Rounding budget for two AD results of the same tree: each of the tree's N nodes rounds once in each mode
    /// (≤ ε/2 relative each), and errors add along a path, so |a − b| ≤ 2·N·ε·S where S bounds the magnitudes of the
    /// summed terms. S is not observable, so we take S = 1 + |f| + ‖∇f‖∞ and allow a factor 16 for cancellation
    /// (still ~1e-12 for a 30-node tree: a single wrong partial is off by O(1)).
    /// </summary>
    public static double AdRounding(int nodes, double scale) => 32 * nodes * Eps * (1 + scale);

    public static void Close(double expected, double actual, double tolerance, string what)
    {
        if (!(Math.Abs(expected - actual) <= tolerance))
            throw new Xunit.Sdk.XunitException($"{what}: {expected:R} vs {actual:R} (difference {Math.Abs(expected - actual):E2} > tolerance {tolerance:E2})");
    }

    public static double MaxAbs(ReadOnlySpan<double> v)
    {
        var m = 0.0;
        foreach (var e in v) m = Math.Max(m, Math.Abs(e));
        return m;
    }

    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    public static void Finite(Case c, double value)
    {
        // The generator keeps every primitive in its domain, so a non-finite value is itself a bug worth a report.
        if (!double.IsFinite(value)) throw new Xunit.Sdk.XunitException($"f is not finite ({value}) at {c}");
    }

    /// <summary>
    /// Counts the cases a finite-difference property cannot check (the measured error of the difference quotient is
    /// already O(1), see lesson 2) and fails if they exceed 1 % of the sample: a property that skipped most cases would
    /// pass without testing anything.
    /// </summary>
    public sealed class Uncheckable(string what)
    {
        private int _cases, _skipped;

        public void Case() => Interlocked.Increment(ref _cases);

        public void Skip() => Interlocked.Increment(ref _skipped);

        public void AssertRare()
        {
            if (_skipped > 0.01 * _cases)
                throw new Xunit.Sdk.XunitException($"{what}: {_skipped} of {_cases} cases too ill-conditioned for finite differences");
        }
    }
}
