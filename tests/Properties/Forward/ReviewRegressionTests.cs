// Lesson: a rule must be right where its formula is awkward, not only where calculus is easy. A review found rules that
// lost nested derivatives at a point chosen by convention (|x| at 0), intermediates that overflowed although the answer
// was representable, derivatives that disagreed with their own NaN value outside a domain, and forward mode turning a
// zero derivative against an infinite tangent into NaN where reverse mode gives 0. Each regression failed before its fix
// (what it gave is stated beside it); the tests around it hold what a fix must keep (the ordinary range, nested limits).
using System.Numerics;
using DualGrad.Forward;
using DualGrad.Reverse;
using D = DualGrad.Forward.Dual<double>;
using D2 = DualGrad.Forward.Dual<DualGrad.Forward.Dual<double>>;
using D3 = DualGrad.Forward.Dual<DualGrad.Forward.Dual<DualGrad.Forward.Dual<double>>>;

namespace DualGrad.Properties.Forward;

public sealed class ReviewRegressionTests
{
    // --- σ and softplus at 0 in nested modes ----------------------------------------------------------------------------

    // Exact comparisons: at 0 every quantity in these rules is dyadic (e⁰ = 1, 1 + e = 2, σ = 1/2, σ' = 1/4, σ'' = 0,
    // σ''' = -1/8, and their sums and products), so no operation rounds.

    [Fact]
    public void Softplus_second_derivative_at_0_is_one_quarter()
    {
        // softplus'' = σ' = 1/4 at 0. Was 0: e = exp(-|x|) and |x| has derivative 0 at 0, so the inner tangent was lost.
        Assert.Equal(0.25, ForwardMode.SecondDerivative<double>(D2.Softplus, 0.0));
        Assert.Equal(0.25, ForwardMode.SecondDerivative<double>(D2.Softplus, -0.0));
    }

    [Fact]
    public void Sigmoid_third_derivative_at_0_is_minus_one_eighth()
    {
        // σ''' = σ'(1 - 6σ + 6σ²) = (1/4)(1 - 3 + 3/2) = -1/8 at 0. Was 0.
        var seed = new D3(new D2(D.Variable(0.0), D.One), D2.One);
        var y = D3.Sigmoid(seed);
        Assert.Equal(0.5, y.Value.Value.Value);
        Assert.Equal(0.25, y.Tangent.Value.Value);
        Assert.Equal(0.0, y.Tangent.Tangent.Value);
        Assert.Equal(-0.125, y.Tangent.Tangent.Tangent);
    }

    private sealed class SoftplusPair : IScalarFunction
    {
        // f(w) = softplus(-w₀) + softplus(w₀ + w₁), with the built-in softplus of the scalar type the facade runs on.
        public T Invoke<T>(ReadOnlySpan<T> w) where T : IFloatingPointIeee754<T> => Softplus(-w[0]) + Softplus(w[0] + w[1]);

        private static T Softplus<T>(T x) where T : IFloatingPointIeee754<T> => x switch
        {
            Var<D> v => (T)(object)Var<D>.Softplus(v),
            double d => (T)(object)Rules.Softplus(d).Value,
            _ => throw new NotSupportedException(typeof(T).Name),
        };
    }

    [Fact]
    public void Hessian_of_a_sum_of_softplus_at_the_origin_is_not_zero()
    {
        // softplus'' = 1/4 at 0, so H = (1/4)[[1, 0], [0, 0]] + (1/4)[[1, 1], [1, 1]]. Was all zeros (forward over reverse:
        // the rule ran on Dual<double>, where |x| dropped the tangent).
        var h = AD.Hessian(new SoftplusPair(), [0.0, 0.0]);
        Assert.Equal(new[,] { { 0.5, 0.25 }, { 0.25, 0.25 } }, h);
    }

    [Theory]
    [InlineData(-3.0)]
    [InlineData(-1e-300)]
    [InlineData(0.7)]
    [InlineData(40.0)]
    [InlineData(-40.0)]
    public void Sigmoid_and_softplus_second_derivatives_match_their_closed_forms_on_both_sides_of_0(double x)
    {
        // σ'' = σ'(1 - 2σ) and softplus'' = σ' = e/(1 + e)² with e = exp(-|x|), written independently of the rule.
        // 1e-13 relative: nothing cancels at these points (|1 - 2σ| > 0.3, or exactly 0 at -1e-300, where e rounds to 1),
        // and each side is exp and a few products and quotients, a relative 1e-16 apiece.
        var e = Math.Exp(-Math.Abs(x));
        var sigma = x < 0 ? e / (1 + e) : 1 / (1 + e);
        var slope = e / ((1 + e) * (1 + e));
        var oneMinusTwoSigma = x < 0 ? (1 - e) / (1 + e) : -(1 - e) / (1 + e);
        Near.Relative(slope, ForwardMode.SecondDerivative<double>(D2.Softplus, x), 1e-13, $"softplus''({x})");
        Near.Relative(slope * oneMinusTwoSigma, ForwardMode.SecondDerivative<double>(D2.Sigmoid, x), 1e-13, $"σ''({x})");
        Near.Relative(sigma, D.Softplus(D.Variable(x)).Tangent, 1e-13, $"softplus'({x})");
    }

    // --- JacobianChunked clears its outputs between passes ---------------------------------------------------------------

    [Theory]
    [InlineData(5)]   // two passes of Chunk4, the second partial
    [InlineData(9)]   // three passes
    public void JacobianChunked_starts_every_pass_from_zero_outputs(int n)
    {
        // y₀ = Σ xᵢ, accumulated into the output as f sees it: each entry of the row is exactly 1. Was 1, 1, 1, 1, 2 at
        // n = 5: the second pass started from the first pass's y₀, whose tangents were still in the lanes.
        static void Sum<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T>
        {
            for (var i = 0; i < x.Length; i++) y[0] += x[i];
        }
        var x = Enumerable.Range(1, n).Select(i => (double)i).ToArray();
        var row = new double[n];
        Array.Fill(row, 1.0);
        var four = ForwardMode.JacobianChunked<Chunk4>(Sum, x, 1);
        var eight = ForwardMode.JacobianChunked<Chunk8>(Sum, x, 1);
        Assert.Equal(row, Enumerable.Range(0, n).Select(j => four[0, j]));
        Assert.Equal(row, Enumerable.Range(0, n).Select(j => eight[0, j]));
    }

    // --- ∂xʸ/∂x where xʸ underflows or overflows ------------------------------------------------------------------------

    [Theory]
    [InlineData(1e-300, 1.5)]   // xʸ = 1e-450 underflows to 0; was 0, expected 1.5e-150
    [InlineData(1e-212, 1.5)]   // xʸ = 1e-318 is subnormal (17 significant bits); was off by 1e-6 relative
    [InlineData(1e200, 1.6)]    // xʸ = 1e320 overflows; was ∞, expected 1.6e120
    [InlineData(1e-250, -1.3)]  // xʸ = 1e325 overflows; y xʸ⁻¹ = -1.3e575 overflows too: -∞ is right
    [InlineData(2.5, 1.5)]      // the normal path, unchanged
    public void Pow_base_derivative_is_y_x_to_the_y_minus_1_where_x_to_the_y_is_not_normal(double x, double y)
    {
        // y·x^(y-1) with one pow and one product on either side: a relative 1e-14 allows a few ulps of the pow call.
        var expected = y * Math.Pow(x, y - 1);
        Near.Relative(expected, ForwardMode.Derivative(v => D.Pow(v, D.Constant(y)), x), 1e-14, $"d/dx x^{y} at {x}");
        Near.Relative(expected, Rules.Pow(x, y).DX, 1e-14, $"∂/∂x of Pow(x, y) at ({x}, {y})");   // a variable exponent
    }

    [Fact]
    public void Pow_base_derivative_at_infinity_is_infinite_not_NaN()
    {
        // y·xʸ/x read ∞/∞ = NaN at x = +∞; the limit of y·x^(y-1) is +∞ for y > 1 and 0 for y < 1.
        Assert.Equal(double.PositiveInfinity, ForwardMode.Derivative(v => D.Pow(v, D.Constant(1.5)), double.PositiveInfinity));
        Assert.Equal(0.0, ForwardMode.Derivative(v => D.Pow(v, D.Constant(0.5)), double.PositiveInfinity));
    }

    // --- atan2 far from the unit circle -----------------------------------------------------------------------------------

    [Theory]
    [InlineData(1.0, 1.0, 1e-200)]   // x² + y² underflowed to 0: the partials were [0, 0], expected ±5e199
    [InlineData(3.0, 4.0, 1e-200)]
    [InlineData(1.0, 1.0, 1e200)]    // x² + y² overflowed: the partials were 0, expected ±5e-201
    [InlineData(-3.0, 4.0, 1e200)]
    [InlineData(1.0, 1e-30, 1e155)]  // only y² overflows
    [InlineData(3.0, -4.0, 1.0)]     // the ordinary range, unchanged
    public void Atan2_partials_are_right_whatever_the_scale(double a, double b, double s)
    {
        // (y, x) = (a·s, b·s): ∂/∂y = x/(x² + y²) = b/((a² + b²)·s), ∂/∂x = -a/((a² + b²)·s), formed without squaring s.
        // A relative 1e-14: hypot and two quotients on the rule's side, three roundings on this side, each 1.1e-16.
        double y = a * s, x = b * s, r2 = a * a + b * b;
        var (value, dy, dx) = Rules.Atan2(y, x);
        Assert.Equal(Math.Atan2(y, x), value);
        Near.Relative(b / r2 / s, dy, 1e-14, $"∂atan2/∂y at ({y}, {x})");
        Near.Relative(-a / r2 / s, dx, 1e-14, $"∂atan2/∂x at ({y}, {x})");
        var (_, dyPi, dxPi) = Rules.Atan2Pi(y, x);
        Near.Relative(b / r2 / s / Math.PI, dyPi, 1e-14, $"∂atan2π/∂y at ({y}, {x})");
        Near.Relative(-a / r2 / s / Math.PI, dxPi, 1e-14, $"∂atan2π/∂x at ({y}, {x})");
    }

    [Fact]
    public void Atan2_keeps_its_partials_0_at_the_origin()
    {
        Assert.Equal(new Local2<double>(0.0, 0.0, 0.0), Rules.Atan2(0.0, 0.0));
        Assert.Equal((0.0, 0.0), (Rules.Atan2(-0.0, 0.0).DX, Rules.Atan2(-0.0, 0.0).DY));
    }

    // --- asinh' and acosh' for large |x| ---------------------------------------------------------------------------------

    [Theory]
    [InlineData(1e155)]              // x² overflows from 1.3e154: both derivatives were 0
    [InlineData(1e300)]
    [InlineData(double.MaxValue)]
    [InlineData(1e10)]               // the large-|x| form, below where x² overflows
    public void Asinh_and_acosh_derivatives_are_one_over_x_far_out(double x)
    {
        // 1/√(x² ± 1) = (1/x)(1 ∓ 1/(2x²) + …); for x ≥ 1e10 the correction is below 1e-20, far under an ulp, so 1/x is
        // the derivative to one rounding; a relative 1e-15 allows for that rounding on each side.
        Near.Relative(1 / x, D.Asinh(D.Variable(x)).Tangent, 1e-15, $"asinh'({x})");
        Near.Relative(1 / x, D.Asinh(D.Variable(-x)).Tangent, 1e-15, $"asinh'({-x})");
        Near.Relative(1 / x, D.Acosh(D.Variable(x)).Tangent, 1e-15, $"acosh'({x})");
    }

    [Theory]
    [InlineData(99999999.0)]
    [InlineData(1e8)]
    [InlineData(100000001.0)]
    [InlineData(-1e8)]
    public void Asinh_and_acosh_derivatives_are_continuous_where_their_formula_changes(double x)
    {
        // At |x| ≈ 1e8 x² does not overflow, so the closed forms 1/√(x² + 1) and 1/√((x − 1)(x + 1)) are a few roundings
        // each (1e-16 relative apiece); a relative 1e-15 holds whichever formula the rule uses on either side.
        Near.Relative(1 / Math.Sqrt(x * x + 1), D.Asinh(D.Variable(x)).Tangent, 1e-15, $"asinh'({x})");
        if (x > 1) Near.Relative(1 / Math.Sqrt((x - 1) * (x + 1)), D.Acosh(D.Variable(x)).Tangent, 1e-15, $"acosh'({x})");
    }

    [Fact]
    public void Asinh_second_derivative_far_out_is_minus_one_over_x_squared()
    {
        // asinh'' = -x/(x² + 1)^(3/2) = -1/x² to a relative 1e-20 at x = 1e10; a relative 1e-15 allows the roundings of
        // the nested quotient.
        Near.Relative(-1e-20, ForwardMode.SecondDerivative<double>(D2.Asinh, 1e10), 1e-15, "asinh''(1e10)");
        Near.Relative(1e-20, ForwardMode.SecondDerivative<double>(D2.Asinh, -1e10), 1e-15, "asinh''(-1e10)");
    }

    // --- eˣ − 1 and ln(1 + x) near the ends of the range ------------------------------------------------------------------

    private const double Inf = double.PositiveInfinity;

    [Theory]
    [InlineData(705.0)]      // eˣ = 1.5e306, but (eˣ − 1)·x overflowed: the value was ∞ (from x ≈ 703.2)
    [InlineData(709.7)]
    [InlineData(709.8)]      // eˣ overflows: the value was NaN (∞·x/∞), expected ∞
    [InlineData(Inf)]
    [InlineData(-Inf)]
    [InlineData(-745.2)]
    public void ExpM1_value_and_derivative_hold_to_the_ends_of_the_range(double x)
    {
        // Far from 0, eˣ − 1 is exactly what Math.Exp(x) − 1 gives; the rule's correction factor x/ln(eˣ) is 1 to an ulp or
        // two, so a relative 1e-15 holds. The derivative is Math.Exp itself.
        var y = D.ExpM1(D.Variable(x));
        Near.Relative(Math.Exp(x) - 1, y.Value, 1e-15, $"expm1({x})");
        Near.Relative(Math.Exp(x), y.Tangent, 1e-15, $"expm1'({x})");
    }

    [Theory]
    [InlineData(1023.5)]     // 2ˣ = 1.3e308; was ∞
    [InlineData(1024.5)]     // 2ˣ overflows; was NaN
    [InlineData(Inf)]
    [InlineData(-Inf)]
    public void Exp2M1_value_holds_to_the_ends_of_the_range(double x)
    {
        // The rule forms t = x·ln 2 (rounded, relative 1.1e-16) and e^t, which turns an absolute error of 709·1.1e-16 in t
        // into the same relative error, 8e-14; a relative 1e-12 bounds it with room (the ln 2 constant adds as much again).
        Near.Relative(Math.Pow(2, x) - 1, D.Exp2M1(D.Variable(x)).Value, 1e-12, $"exp2m1({x})");
        // The derivative is 2ˣ (the same pow) times ln 2: one rounding, 1e-15.
        Near.Relative(Math.Pow(2, x) * Math.Log(2), D.Exp2M1(D.Variable(x)).Tangent, 1e-15, $"exp2m1'({x})");
    }

    [Theory]
    [InlineData(307.5)]      // 10ˣ = 3.2e307; was ∞
    [InlineData(309.0)]      // 10ˣ overflows; was NaN
    [InlineData(Inf)]
    public void Exp10M1_value_holds_to_the_ends_of_the_range(double x)
    {
        // As for exp2m1: t = x·ln 10 ≈ 708 carries a relative 1.1e-16, which e^t makes a relative 8e-14; 1e-12 bounds it.
        Near.Relative(Math.Pow(10, x) - 1, D.Exp10M1(D.Variable(x)).Value, 1e-12, $"exp10m1({x})");
        // The derivative is 10ˣ (the same pow) times ln 10: one rounding, 1e-15.
        Near.Relative(Math.Pow(10, x) * Math.Log(10), D.Exp10M1(D.Variable(x)).Tangent, 1e-15, $"exp10m1'({x})");
    }

    [Theory]
    [InlineData(1e306)]      // ln(1 + x)·x overflowed before the division: the value was ∞, expected 704.6
    [InlineData(double.MaxValue)]
    [InlineData(Inf)]        // was NaN (∞·∞/∞), expected ∞
    public void LogP1_value_and_derivative_hold_to_the_end_of_the_range(double x)
    {
        // 1 + x rounds to x here (relative 1e-306), so ln(1 + x) is Math.Log(x) to an ulp; the rule's correction factor
        // x/((1 + x) − 1) is 1 exactly. A relative 1e-15 allows the ulp of ln, and one more for the division by ln b.
        var y = D.LogP1(D.Variable(x));
        Near.Relative(Math.Log(x), y.Value, 1e-15, $"logp1({x})");
        Near.Relative(1 / x, y.Tangent, 1e-15, $"logp1'({x})");
        Near.Relative(Math.Log2(x), D.Log2P1(D.Variable(x)).Value, 1e-15, $"log2p1({x})");
        Near.Relative(Math.Log10(x), D.Log10P1(D.Variable(x)).Value, 1e-15, $"log10p1({x})");
    }

    // --- outside a domain the derivative is NaN like the value; -0 acts as +0 --------------------------------------------

    public static TheoryData<string, double> OutsideTheDomain() => new()
    {
        // Each derivative was finite beside a NaN value (ln at -1 had slope -1, acosh at -2 had slope 0.58).
        { "Log", -1 }, { "Log", double.NegativeInfinity }, { "Log2", -1 }, { "Log10", -2 },
        { "LogP1", -2 }, { "Log2P1", -2 }, { "Log10P1", -2 }, { "LogBase", -1 },
        { "Atanh", 2 }, { "Atanh", -2 }, { "Atanh", double.PositiveInfinity },
        { "Acosh", -2 }, { "Acosh", -1 }, { "Acosh", double.NegativeInfinity },
        // Already NaN, and kept so: the convention is one for every rule.
        { "Sqrt", -1 }, { "Asin", 2 }, { "RootN", -4 }, { "Pow", -2 }, { "Acosh", 0.5 },
    };

    private static D Unary(string name, D x) => name switch
    {
        "Log" => D.Log(x),
        "Log2" => D.Log2(x),
        "Log10" => D.Log10(x),
        "LogP1" => D.LogP1(x),
        "Log2P1" => D.Log2P1(x),
        "Log10P1" => D.Log10P1(x),
        "LogBase" => D.Log(x, D.Constant(3.0)),
        "Atanh" => D.Atanh(x),
        "Acosh" => D.Acosh(x),
        "Sqrt" => D.Sqrt(x),
        "Asin" => D.Asin(x),
        "RootN" => D.RootN(x, 2),
        "Pow" => D.Pow(x, D.Constant(0.5)),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(OutsideTheDomain))]
    public void Outside_the_domain_the_derivative_is_NaN_like_the_value(string name, double x)
    {
        var y = Unary(name, D.Variable(x));
        Assert.True(double.IsNaN(y.Value), $"{name}({x}) = {y.Value}: not outside the domain");
        Assert.True(double.IsNaN(y.Tangent), $"{name}'({x}) = {y.Tangent}, not NaN");
        // A zero tangent stays zero there, as everywhere.
        Assert.Equal(0.0, Unary(name, D.Constant(x)).Tangent);
    }

    [Fact]
    public void Reverse_mode_follows_the_same_domain_convention()
    {
        Assert.True(double.IsNaN(ReverseMode.Gradient<double>(v => Var<double>.Log(v[0]), [-1.0])[0]));   // was -1
        Assert.True(double.IsNaN(ReverseMode.Gradient<double>(v => Var<double>.Acosh(v[0]), [-2.0])[0])); // was 0.58
    }

    [Theory]
    [InlineData("Log")]
    [InlineData("Log2")]
    [InlineData("Log10")]
    [InlineData("LogBase")]
    [InlineData("Sqrt")]
    [InlineData("RootN")]
    [InlineData("Pow")]
    public void At_minus_0_the_slope_is_that_at_plus_0(string name)
    {
        // ln at -0 had slope -∞ (1/-0), √ at -0 had slope -∞ (1/(2·-0)); the value there is the same as at +0.
        var plus = Unary(name, D.Variable(0.0));
        var minus = Unary(name, D.Variable(-0.0));
        Assert.Equal(plus.Value, minus.Value);
        Assert.Equal(double.PositiveInfinity, plus.Tangent);
        Assert.Equal(plus.Tangent, minus.Tangent);
    }

    [Fact]
    public void At_the_edge_of_the_domain_the_slope_is_infinite()
    {
        Assert.Equal((double.NegativeInfinity, double.PositiveInfinity), Parts(D.LogP1(D.Variable(-1.0))));
        Assert.Equal((double.PositiveInfinity, double.PositiveInfinity), Parts(D.Atanh(D.Variable(1.0))));
        Assert.Equal((double.NegativeInfinity, double.PositiveInfinity), Parts(D.Atanh(D.Variable(-1.0))));
        Assert.Equal((0.0, double.PositiveInfinity), Parts(D.Acosh(D.Variable(1.0))));
    }

    [Fact]
    public void Second_derivatives_at_plus_0_keep_their_infinite_limit()
    {
        // ln'' = -1/x² and √'' = -x^(-3/2)/4 tend to -∞ at 0⁺; the derivative at the domain's edge is still formed as 1/x
        // (not a constant ∞), so the nested rule differentiates it.
        Assert.Equal(double.NegativeInfinity, ForwardMode.SecondDerivative<double>(D2.Log, 0.0));
        Assert.Equal(double.NegativeInfinity, ForwardMode.SecondDerivative<double>(D2.Sqrt, 0.0));
    }

    [Fact]
    public void Abs_and_CopySign_have_derivative_NaN_at_NaN_whatever_its_sign_bit()
    {
        // Both read the sign of x, and NaN's sign bit means nothing: the derivative was -1 for double.NaN (sign bit set).
        foreach (var nan in new[] { double.NaN, -double.NaN })
        {
            Assert.True(double.IsNaN(D.Abs(D.Variable(nan)).Tangent));
            Assert.True(double.IsNaN(D.CopySign(D.Variable(nan), D.Constant(1.0)).Tangent));
            Assert.True(double.IsNaN(D.CopySign(D.Variable(nan), D.Constant(-1.0)).Tangent));
        }
        // A NaN sign argument still chooses a sign for x, so ∂/∂x is ±1 beside a number.
        Assert.Equal(1.0, Math.Abs(D.CopySign(D.Variable(2.0), D.Constant(double.NaN)).Tangent));
    }

    [Fact]
    public void Relu_of_a_number_with_a_NaN_tangent_is_still_0_below_the_kink()
    {
        // Relu asked T.IsNaN, which for a dual number is true when any part is NaN: at (-1, NaN) in a nested mode it
        // returned x itself, value -1 instead of 0.
        var relu = Rules.Relu(new D(-1.0, double.NaN));
        Assert.Equal(0.0, relu.Value.Value);
        Assert.Equal(0.0, relu.Derivative.Value);
    }

    private static (double Value, double Tangent) Parts(D d) => (d.Value, d.Tangent);

    // --- a zero derivative against an infinite tangent contributes 0, in both modes -------------------------------------

    // At x = 0 each inner function has an infinite slope (√, ln, ∛ at 0) and each outer one a zero derivative there, so
    // the chain rule reads 0·∞. Reverse mode skips a zero partial (Tape's backward sweep) and returns 0; forward mode
    // returned NaN. Exact comparisons: every contribution is exactly 0.
    public static TheoryData<string> ZeroTimesInfinity() => new() { "floor(√x)", "relu(ln x)", "∛x·0", "max(√x − 1, 0)", "fma(∛x, 0, 1)", "∛x·0 + x" };

    private static T ZeroTimesInfinity<T>(string name, T x, Func<T, T> relu) where T : IFloatingPointIeee754<T> => name switch
    {
        "floor(√x)" => T.Floor(T.Sqrt(x)),
        "relu(ln x)" => relu(T.Log(x)),
        "∛x·0" => T.Cbrt(x) * T.Zero,
        "max(√x − 1, 0)" => T.Max(T.Sqrt(x) - T.One, T.Zero),
        "fma(∛x, 0, 1)" => T.FusedMultiplyAdd(T.Cbrt(x), T.Zero, T.One),
        "∛x·0 + x" => T.Cbrt(x) * T.Zero + x,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(ZeroTimesInfinity))]
    public void Zero_derivative_against_an_infinite_tangent_gives_0_in_every_mode(string name)
    {
        var expected = name.EndsWith("+ x", StringComparison.Ordinal) ? 1.0 : 0.0;
        Assert.Equal(expected, ReverseMode.Gradient<double>(v => ZeroTimesInfinity(name, v[0], Var<double>.Relu), [0.0])[0]);
        Assert.Equal(expected, ForwardMode.Derivative(v => ZeroTimesInfinity(name, v, D.Relu), 0.0));
        Assert.Equal(expected, (double)ForwardMode.Derivative<float>(v => ZeroTimesInfinity(name, v, Dual<float>.Relu), 0f));
        var four = new double[1];
        ForwardMode.GradientChunked<Chunk4>(v => ZeroTimesInfinity(name, v[0], ChunkDual<Chunk4>.Relu), [0.0], four);
        Assert.Equal(expected, four[0]);
        // Two inputs in one chunk: the lane of x meets 0·∞, the lane of y only finite partials.
        var eight = new double[2];
        ForwardMode.GradientChunked<Chunk8>(v => ZeroTimesInfinity(name, v[0], ChunkDual<Chunk8>.Relu) + v[1], [0.0, 5.0], eight);
        Assert.Equal(new[] { expected, 1.0 }, eight);
    }

    [Theory]
    [InlineData(2, 0.0)]
    [InlineData(3, 0.0)]
    [InlineData(-2, 0.0)]
    [InlineData(1, 1.0)]
    public void RootN_derivative_at_infinity_is_its_limit(int n, double expected)
    {
        // x^(1/n − 1)/n → 0 as x → ∞ (1 for the identity n = 1); the quotient root/(n·x) read ∞/∞ = NaN there.
        Assert.Equal(expected, Rules.RootN(double.PositiveInfinity, n).Derivative);
        Assert.Equal(expected, ReverseMode.Gradient<double>(v => Var<double>.RootN(v[0], n), [double.PositiveInfinity])[0]);
        Assert.Equal(expected, ForwardMode.Derivative(v => D.RootN(v, n), double.PositiveInfinity));
    }

    [Fact]
    public void RootN_derivative_at_minus_infinity_follows_the_domain_convention()
    {
        // An odd root of −∞ is −∞ with slope → 0; an even root is outside the domain: NaN like its value.
        Assert.Equal(0.0, Rules.RootN(double.NegativeInfinity, 3).Derivative);
        Assert.True(double.IsNaN(Rules.RootN(double.NegativeInfinity, 2).Derivative));
    }

    [Theory]
    [InlineData(5.0, 1.0)]
    [InlineData(5.0, 0.0)]
    [InlineData(5.0, double.PositiveInfinity)]
    [InlineData(1e-310, 1.0 + 1e-310)]   // the base rounds to 1
    public void Log_with_a_degenerate_base_is_NaN_as_in_double_with_NaN_partials(double x, double b)
    {
        // ln x / ln b gave ∞, −0 and 0 at these bases, where double.Log(x, b) gives NaN.
        Assert.True(double.IsNaN(Math.Log(x, b)));
        var (value, dx, db) = Rules.LogBase(x, b);
        Assert.True(double.IsNaN(value) && double.IsNaN(dx) && double.IsNaN(db), $"log_{b}({x}) = {value}, partials {dx}, {db}");
        Assert.True(double.IsNaN(D.Log(D.Variable(x), D.Constant(b)).Value));
        Assert.True(double.IsNaN(ReverseMode.ValueAndGradient<double>(v => Var<double>.Log(v[0], v[1]), [x, b], new double[2])));
    }

    [Fact]
    public void Log_with_an_ordinary_base_keeps_its_value_and_partials()
    {
        // log₂ 8 = 3 exactly; ∂/∂x = 1/(8 ln 2), ∂/∂b = −3/(2 ln 2): a quotient or two each, 1e-15 relative.
        var (value, dx, db) = Rules.LogBase(8.0, 2.0);
        Assert.Equal(3.0, value);
        Near.Relative(1 / (8 * Math.Log(2)), dx, 1e-15, "∂/∂x log_2(8)");
        Near.Relative(-3 / (2 * Math.Log(2)), db, 1e-15, "∂/∂b log_2(8)");
    }
}
