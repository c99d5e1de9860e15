// Lesson: a derivative test needs an honest yardstick. A correct rule and a hand-written closed form differ by a few
// roundings (a relative 1e-16 each); a wrong rule differs by O(1). The tolerance is relative, stated, and explained
// at each use; an expected exact zero or infinity must be met exactly.
namespace DualGrad.Properties.Forward;

/// <summary>Closeness assertions for the forward-mode tests.</summary>
internal static class Near
{
    /// <summary>
    /// Asserts |actual - expected| ≤ rtol · scale, where scale is |expected| unless given (pass the sum of the absolute
    /// terms when the expected value is a sum that may cancel). A non-finite or zero expectation must be met exactly.
    /// </summary>
    public static void Relative(double expected, double actual, double rtol, string what, double? scale = null)
    {
        if (!double.IsFinite(expected) || (expected == 0 && scale is null))
        {
            Assert.True(expected.Equals(actual) || expected == actual, $"{what}: expected exactly {expected:R}, got {actual:R}.");
            return;
        }
        var error = Math.Abs(actual - expected);
        var bound = rtol * (scale ?? Math.Abs(expected));
        Assert.True(error <= bound, $"{what}: expected {expected:R}, got {actual:R}; error {error:E2} exceeds {bound:E2} (rtol {rtol:E0}).");
    }

    /// <summary>The relative error |actual - expected| / scale (0 when both are equal, +∞ when only one is finite).</summary>
    public static double Error(double expected, double actual, double? scale = null)
    {
        if (expected.Equals(actual) || expected == actual) return 0;
        if (!double.IsFinite(expected) || !double.IsFinite(actual)) return double.PositiveInfinity;
        var s = scale ?? Math.Abs(expected);
        return s == 0 ? double.PositiveInfinity : Math.Abs(actual - expected) / s;
    }
}
