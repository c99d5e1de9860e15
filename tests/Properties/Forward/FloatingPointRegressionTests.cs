// Lesson: a derivative rule can be right in calculus and still wrong in floating point. These tests pin down defects
// that were found in src/Forward and fixed; each failed before its fix (the failing inputs are stated beside it).
using DualGrad.Forward;
using D = DualGrad.Forward.Dual<double>;

namespace DualGrad.Properties.Forward;

public sealed class FloatingPointRegressionTests
{
    private const string PowIntegerNegative =
        "Rules.PowInteger for n < 0 forms xⁿ⁻¹ = 1/x^(1-n) and multiplies by x: at x = ±0 or ±∞ that is ∞·0 = NaN, " +
        "and for tiny |x| the intermediate overflows (Pow(1e-200, -1) = ∞, not 1e200); n = int.MinValue wraps n - 1.";

    [Fact]
    public void Negative_integer_power_of_zero_is_infinite_as_IEEE_pow_says()
    {
        Assert.Equal(double.PositiveInfinity, D.Pow(D.Variable(0.0), -1).Value);     // was NaN
        Assert.Equal(double.NegativeInfinity, D.Pow(D.Variable(-0.0), -1).Value);    // was NaN
        Assert.Equal(double.PositiveInfinity, D.Pow(D.Variable(0.0), D.Constant(-2.0)).Value); // was NaN
        Assert.Equal(0.0, D.Pow(D.Variable(double.PositiveInfinity), -1).Value);      // was NaN
    }

    [Fact]
    public void Negative_integer_power_of_a_tiny_base_does_not_overflow_early()
    {
        Assert.Equal(Math.Pow(1e-200, -1), D.Pow(D.Variable(1e-200), -1).Value);   // was ∞, 1e200 expected
        Assert.Equal(Math.Pow(1e-110, -2), D.Pow(D.Variable(1e-110), -2).Value);   // was ∞, 1e220 expected
        Assert.Equal(Math.Pow(2, int.MinValue), D.Pow(D.Variable(2.0), int.MinValue).Value); // was ∞, 0 expected
    }

    private const string TailAccuracy =
        "Accuracy, not calculus: σ' = σ(1 - σ) and tanh' = 1 - tanh² cancel when σ or tanh rounds near 1, so the " +
        "derivative loses its relative accuracy for x ≳ 8 and becomes exactly 0 for x ≳ 37 (σ) or x ≳ 19 (tanh). " +
        "A cancellation-free form: σ' = e/(1 + e)² with e = exp(-|x|), tanh' = 1/cosh² x.";

    [Fact]
    public void Sigmoid_and_tanh_derivatives_keep_relative_accuracy_in_the_tails()
    {
        foreach (var x in new[] { 10.0, 20.0, 40.0 })
        {
            var e = Math.Exp(-x);
            Near.Relative(e / ((1 + e) * (1 + e)), D.Sigmoid(D.Variable(x)).Tangent, 1e-13, $"σ'({x})");  // was 0 at x = 40
        }
        foreach (var x in new[] { 10.0, 20.0 })
            Near.Relative(1 / (Math.Cosh(x) * Math.Cosh(x)), D.Tanh(D.Variable(x)).Tangent, 1e-13, $"tanh'({x})"); // was 0 at x = 20
    }
}
