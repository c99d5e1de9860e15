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

    private const string TanhNested =
        "tanh' = 1/cosh² x overflows cosh² past |x| ≈ 355; the value 1/∞ = 0 is right, but a dual over duals then " +
        "differentiates 1/cosh² and reads ∞/∞ = NaN (found by the course's generator on (1 + a²)^tanh(b), b ≈ 700).";

    [Theory]
    [InlineData(25.0)]
    [InlineData(-25.0)]
    [InlineData(400.0)]
    [InlineData(-700.0)]
    public void Second_derivative_of_tanh_is_finite_and_right_far_out(double x)
    {
        // tanh'' = −2 tanh · sech²; sech² x = 4e^(−2|x|)/(1 + e^(−2|x|))², the closed form that cannot overflow.
        // 1e-13: a few roundings of exp and two products; both sides are accurate to a few ulps.
        var e = Math.Exp(-2 * Math.Abs(x));
        var sech2 = 4 * e / ((1 + e) * (1 + e));
        var second = ForwardMode.SecondDerivative<double>(Dual<D>.Tanh, x);
        Assert.False(double.IsNaN(second), TanhNested);
        if (sech2 == 0) Assert.Equal(0.0, second);   // e^(−800) underflows: the exact answer rounds to −0 or 0
        else Near.Relative(-2 * Math.Tanh(x) * sech2, second, 1e-13, $"tanh''({x})");
    }

    [Fact]
    public void Tanh_derivative_is_continuous_where_its_formula_changes()
    {
        // |x| = 20 is where the rule switches from 1/cosh² to 4e^(−2|x|); both sides agree with sech² to 1e-15 there.
        foreach (var x in new[] { 19.999999, 20.0, 20.000001, -20.0 })
        {
            var e = Math.Exp(-2 * Math.Abs(x));
            Near.Relative(4 * e / ((1 + e) * (1 + e)), D.Tanh(D.Variable(x)).Tangent, 1e-15, $"tanh'({x})");
        }
    }

    [Fact]
    public void Converting_a_dual_or_a_var_to_its_own_type_keeps_its_derivative()
    {
        // CreateChecked (the documented constant idiom) used to drop the tangent or the recording when given a value of
        // the type itself, while CreateSaturating and CreateTruncating kept it; a generic T.CreateChecked(x) then cut
        // the chain rule silently.
        var d = D.Variable(3.0);
        Assert.Equal(d, D.CreateChecked(d));
        Assert.Equal(1.0, D.CreateChecked(d).Tangent);
        var chunk = ChunkDual<Chunk4>.Variable(3.0, 2);
        Assert.Equal(1.0, Chunk4.Get(ChunkDual<Chunk4>.CreateChecked(chunk).Tangent, 2));
        var g = DualGrad.Reverse.ReverseMode.Gradient<double>(v => DualGrad.Reverse.Var<double>.CreateChecked(v[0]) * v[1], [3.0, 4.0]);
        Assert.Equal([4.0, 3.0], g);
    }
}
