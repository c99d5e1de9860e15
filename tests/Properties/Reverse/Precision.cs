// Lesson: comparing two derivatives honestly. The chain rule pulled back (reverse) and pushed forward (forward)
// multiply the same local partials in a different order, so the yardstick is units in the last place (ulps) or a
// relative error with a stated reason, never an unexplained epsilon.
using System.Numerics;

namespace DualGrad.Properties.Reverse;

/// <summary>Assertions on floating-point closeness used by the reverse-mode tests.</summary>
internal static class Precision
{
    /// <summary>How many representable doubles lie between a and b (0 when equal, including equal infinities).</summary>
    public static Int128 UlpDistance(double a, double b)
    {
        if (a.Equals(b)) return 0;                                 // also +0 vs +0, ∞ vs ∞, NaN vs NaN
        if (a == b) return 0;                                      // +0 vs -0
        if (!double.IsFinite(a) || !double.IsFinite(b)) return Int128.MaxValue;
        return Int128.Abs(Ordinal(a) - Ordinal(b));
    }

    /// <summary>Asserts |a - b| ≤ <paramref name="ulps"/> units in the last place.</summary>
    public static void WithinUlps(double expected, double actual, int ulps, string what)
    {
        var distance = UlpDistance(expected, actual);
        Assert.True(distance <= ulps, $"{what}: expected {expected:R}, got {actual:R} ({(distance == Int128.MaxValue ? "not comparable" : distance.ToString())} ulps apart, at most {ulps} allowed).");
    }

    /// <summary>Asserts |a - b| ≤ rtol · max(|a|, |b|), with both finite.</summary>
    public static void Relative(double expected, double actual, double rtol, string what)
    {
        Assert.True(double.IsFinite(expected) && double.IsFinite(actual), $"{what}: expected {expected:R}, got {actual:R} (not finite).");
        var error = Math.Abs(expected - actual);
        var scale = Math.Max(Math.Abs(expected), Math.Abs(actual));
        Assert.True(error <= rtol * scale, $"{what}: expected {expected:R}, got {actual:R}, relative error {error / scale:E2} > {rtol:E0}.");
    }

    /// <summary>Asserts two vectors are bitwise equal element by element (as doubles compare: -0 equals +0).</summary>
    public static void Exactly<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, string what) where T : IFloatingPointIeee754<T>
    {
        Assert.True(expected.Length == actual.Length, $"{what}: length {actual.Length}, expected {expected.Length}.");
        for (var i = 0; i < expected.Length; i++)
            Assert.True(expected[i] == actual[i], $"{what}[{i}]: expected {expected[i]}, got {actual[i]}.");
    }

    // Maps doubles onto integers so that neighbouring doubles are neighbouring integers (negatives mirrored).
    private static Int128 Ordinal(double x)
    {
        var bits = BitConverter.DoubleToInt64Bits(x);
        return bits >= 0 ? bits : (Int128)long.MinValue - bits;
    }
}
