// Lesson: where the chain rule has nothing to say, a convention must. At a kink (|x| at 0, max at a tie), a jump
// (floor), a pole reached with no perturbation (√x at 0 with a zero tangent) or an edge of a domain (0ʸ), there is no
// derivative to push forward, so the library picks one value, documents it beside the rule, and these tests hold it
// to that choice. The generic-math conventions (comparisons on the primal value, classification, conversions) are here
// too: they decide how code written for double behaves when it runs on dual numbers.
using System.Globalization;
using System.Numerics;
using DualGrad.Forward;
using D = DualGrad.Forward.Dual<double>;

namespace DualGrad.Properties.Forward;

public sealed class ConventionTests
{
    // --- |x| ---------------------------------------------------------------------------------------------------

    [Fact]
    public void Abs_has_derivative_0_at_0_of_either_sign_and_the_sign_elsewhere()
    {
        Assert.Equal(0.0, D.Abs(D.Variable(0.0)).Tangent);
        Assert.Equal(0.0, D.Abs(D.Variable(-0.0)).Tangent);
        Assert.Equal(-1.0, D.Abs(D.Variable(-2.0)).Tangent);
        Assert.Equal(1.0, D.Abs(D.Variable(2.0)).Tangent);
        Assert.Equal(0.0, D.Abs(D.Variable(-0.0)).Value);
    }

    // --- min and max -------------------------------------------------------------------------------------------

    [Fact]
    public void Max_and_Min_at_a_tie_split_the_derivative_half_and_half()
    {
        Assert.Equal(0.5, D.Max(D.Variable(2.0), D.Constant(2.0)).Tangent);
        Assert.Equal(0.5, D.Max(D.Constant(2.0), D.Variable(2.0)).Tangent);
        Assert.Equal(0.5, D.Min(D.Variable(2.0), D.Constant(2.0)).Tangent);
        Assert.Equal(0.5, D.Min(D.Constant(2.0), D.Variable(2.0)).Tangent);
        // Two different perturbations at a tie: the average of the two tangents.
        Assert.Equal(2.0, D.Max(new D(2, 1), new D(2, 3)).Tangent);
    }

    [Fact]
    public void Max_of_x_and_x_has_derivative_1_so_the_tie_split_loses_nothing()
    {
        Assert.Equal(1.0, ForwardMode.Derivative(x => D.Max(x, x), 2.0));
        Assert.Equal(1.0, ForwardMode.Derivative(x => D.Min(x, x), -3.0));
    }

    [Fact]
    public void Away_from_a_tie_the_derivative_goes_to_the_selected_argument_only()
    {
        Assert.Equal(1.0, D.Max(D.Variable(3.0), D.Constant(2.0)).Tangent);
        Assert.Equal(0.0, D.Max(D.Constant(3.0), D.Variable(2.0)).Tangent);
        Assert.Equal(1.0, D.Min(D.Constant(3.0), D.Variable(2.0)).Tangent);
        Assert.Equal(0.0, D.Min(D.Variable(3.0), D.Constant(2.0)).Tangent);
    }

    [Fact]
    public void MaxNumber_prefers_the_number_to_NaN_tangent_included()
    {
        var chosen = D.MaxNumber(D.NaN, new D(1, 7));
        Assert.Equal(1.0, chosen.Value);
        Assert.Equal(7.0, chosen.Tangent);
        Assert.Equal(7.0, D.MinNumber(new D(1, 7), D.NaN).Tangent);
    }

    [Fact]
    public void MaxMagnitude_selects_the_whole_argument_by_primal_magnitude()
    {
        var chosen = D.MaxMagnitude(new D(-3, 5), new D(2, 9));
        Assert.Equal(-3.0, chosen.Value);
        Assert.Equal(5.0, chosen.Tangent);
        Assert.Equal(9.0, D.MinMagnitude(new D(-3, 5), new D(2, 9)).Tangent);
    }

    // --- Clamp -------------------------------------------------------------------------------------------------

    [Fact]
    public void Clamp_inside_passes_x_through_with_derivative_1()
    {
        var y = D.Clamp(D.Variable(0.5), D.Constant(0), D.Constant(1));
        Assert.Equal((0.5, 1.0), (y.Value, y.Tangent));
    }

    [Fact]
    public void Clamp_on_a_boundary_still_selects_x_the_interval_is_closed()
    {
        Assert.Equal(1.0, D.Clamp(D.Variable(0), D.Constant(0), D.Constant(1)).Tangent);
        Assert.Equal(1.0, D.Clamp(D.Variable(1), D.Constant(0), D.Constant(1)).Tangent);
        // ... so a perturbation of the bound it touches does not flow.
        Assert.Equal(0.0, D.Clamp(D.Constant(0), D.Variable(0), D.Constant(1)).Tangent);
        Assert.Equal(0.0, D.Clamp(D.Constant(1), D.Constant(0), D.Variable(1)).Tangent);
    }

    [Fact]
    public void Clamp_outside_returns_the_bound_and_the_derivative_flows_to_it()
    {
        Assert.Equal((0.0, 0.0), Parts(D.Clamp(D.Variable(-3), D.Constant(0), D.Constant(1))));
        Assert.Equal((0.0, 1.0), Parts(D.Clamp(D.Constant(-3), D.Variable(0), D.Constant(1))));
        Assert.Equal((1.0, 0.0), Parts(D.Clamp(D.Variable(5), D.Constant(0), D.Constant(1))));
        Assert.Equal((1.0, 1.0), Parts(D.Clamp(D.Constant(5), D.Constant(0), D.Variable(1))));
    }

    // --- rounding and nudging ----------------------------------------------------------------------------------

    [Theory]
    [InlineData(2.3)]
    [InlineData(-2.7)]
    [InlineData(2.5)]  // a midpoint: Round jumps here
    [InlineData(3.0)]  // an integer: Floor and Ceiling jump here
    public void Rounding_functions_have_derivative_0_even_at_their_jumps(double x)
    {
        Assert.Equal((Math.Floor(x), 0.0), Parts(Generic.Floor(D.Variable(x))));
        Assert.Equal((Math.Ceiling(x), 0.0), Parts(Generic.Ceiling(D.Variable(x))));
        Assert.Equal((Math.Round(x), 0.0), Parts(Generic.Round(D.Variable(x))));
        Assert.Equal((Math.Truncate(x), 0.0), Parts(Generic.Truncate(D.Variable(x))));
        Assert.Equal((Math.Round(x, 1, MidpointRounding.AwayFromZero), 0.0), Parts(D.Round(D.Variable(x), 1, MidpointRounding.AwayFromZero)));
    }

    [Fact]
    public void BitIncrement_and_BitDecrement_move_one_ulp_with_derivative_1()
    {
        var up = D.BitIncrement(new D(1.0, 3.0));
        Assert.Equal((Math.BitIncrement(1.0), 3.0), Parts(up));
        Assert.Equal((Math.BitDecrement(1.0), 1.0), Parts(D.BitDecrement(D.Variable(1.0))));
    }

    // --- CopySign ----------------------------------------------------------------------------------------------

    [Fact]
    public void CopySign_derivative_is_plus_1_when_the_sign_is_kept_minus_1_when_flipped_and_0_in_the_sign_argument()
    {
        Assert.Equal((3.0, 1.0), Parts(D.CopySign(D.Variable(3), D.Constant(2))));
        Assert.Equal((-3.0, -1.0), Parts(D.CopySign(D.Variable(3), D.Constant(-2))));
        Assert.Equal((-3.0, 1.0), Parts(D.CopySign(D.Variable(-3), D.Constant(-2))));
        Assert.Equal((3.0, -1.0), Parts(D.CopySign(D.Variable(-3), D.Constant(2))));
        Assert.Equal((-3.0, -1.0), Parts(D.CopySign(D.Variable(3), D.Constant(-0.0))));
        Assert.Equal((-3.0, 0.0), Parts(D.CopySign(D.Constant(3), D.Variable(-2))));
    }

    // --- Relu ----------------------------------------------------------------------------------------------------

    [Fact]
    public void Relu_has_derivative_0_at_the_kink_as_PyTorch_chooses()
    {
        Assert.Equal((0.0, 0.0), Parts(D.Relu(D.Variable(0.0))));
        Assert.Equal((0.0, 0.0), Parts(D.Relu(D.Variable(-0.0))));
        Assert.Equal(1.0, D.Relu(D.Variable(double.Epsilon)).Tangent);
        Assert.True(double.IsNaN(D.Relu(D.Variable(double.NaN)).Value));
    }

    // --- √x at 0 and the 0·∞ skip ----------------------------------------------------------------------------------

    [Fact]
    public void Sqrt_at_0_with_a_zero_tangent_has_tangent_0_not_NaN()
    {
        // The local derivative 1/(2√0) is +∞; a zero tangent times it would be NaN. The skip keeps it 0.
        Assert.Equal((0.0, 0.0), Parts(D.Sqrt(D.Constant(0.0))));
        // With a real perturbation the infinite slope shows, as it should.
        Assert.Equal((0.0, double.PositiveInfinity), Parts(D.Sqrt(D.Variable(0.0))));
    }

    [Fact]
    public void A_pole_in_one_input_does_not_poison_the_partial_of_another()
    {
        // f(x, y) = x + √y at (1, 0): ∂f/∂x = 1 (the x-pass meets √ with a zero tangent), ∂f/∂y = +∞.
        static T F<T>(ReadOnlySpan<T> v) where T : IFloatingPointIeee754<T> => v[0] + T.Sqrt(v[1]);
        var single = new double[2];
        var chunked = new double[2];
        ForwardMode.Gradient(F<D>, [1.0, 0.0], single);
        ForwardMode.GradientChunked<Chunk4>(F<ChunkDual<Chunk4>>, [1.0, 0.0], chunked);
        Assert.Equal(new[] { 1.0, double.PositiveInfinity }, single);
        Assert.Equal(new[] { 1.0, double.PositiveInfinity }, chunked);
    }

    [Fact]
    public void A_product_with_an_infinite_factor_keeps_a_zero_tangent_zero()
    {
        // x·y at (2, +∞): ∂/∂x = y = +∞, ∂/∂y = x = 2. Seeded in y only, the x-part is 0·∞, which the skip keeps at 0,
        // so the tangent is 2; seeded in x only, it is +∞. (A finite product takes a path without the skip: this is the
        // other path, and single and chunked passes must agree on it.)
        var inf = double.PositiveInfinity;
        Assert.Equal((inf, 2.0), Parts(D.Constant(2.0) * D.Variable(inf)));
        Assert.Equal((inf, inf), Parts(D.Variable(2.0) * D.Constant(inf)));
        var lanes = new double[4];
        Chunk4.CopyTo((ChunkDual<Chunk4>.Variable(2.0, 0) * ChunkDual<Chunk4>.Variable(inf, 1)).Tangent, lanes);
        Assert.Equal(new[] { inf, 2.0, 0.0, 0.0 }, lanes);
        // 0·∞ in the values themselves is NaN, and the tangent of the seeded factor carries the infinite partial.
        var nan = D.Variable(0.0) * D.Constant(inf);
        Assert.True(double.IsNaN(nan.Value));
        Assert.Equal(inf, nan.Tangent);
    }

    [Fact]
    public void Norm_at_the_origin_has_gradient_0_not_NaN()
    {
        // √(x² + y²) at (0, 0): the square's tangent 2·0·dx is 0 before it reaches √, so the skip applies.
        static T Norm<T>(ReadOnlySpan<T> v) where T : IFloatingPointIeee754<T> => T.Sqrt(v[0] * v[0] + v[1] * v[1]);
        var gradient = new double[2];
        ForwardMode.Gradient(Norm<D>, [0.0, 0.0], gradient);
        Assert.Equal(new[] { 0.0, 0.0 }, gradient);
    }

    // --- xʸ at a zero base -------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(0.0, 1.0, 0.0)]                       // x⁰ is the constant 1
    [InlineData(0.5, 0.0, double.PositiveInfinity)]  // √x: infinite slope at 0
    [InlineData(1.0, 0.0, 1.0)]                       // x: slope 1
    [InlineData(2.0, 0.0, 0.0)]                       // x²: flat at 0
    [InlineData(3.0, 0.0, 0.0)]
    [InlineData(2.5, 0.0, 0.0)]                       // not an integer: through T.Pow, same limit
    public void Pow_at_a_zero_base_follows_the_limit_of_y_x_to_the_y_minus_1(double y, double value, double dx)
    {
        Assert.Equal((value, dx), Parts(D.Pow(D.Variable(0.0), D.Constant(y))));
        Assert.Equal((value, dx), (Rules.Pow(0.0, y).Value, Rules.Pow(0.0, y).DX));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(2.0)]
    [InlineData(3.0)]
    public void Pow_at_a_zero_base_has_exponent_derivative_0_where_the_value_is_0(double y)
    {
        // xʸ ln x → 0 as x → 0⁺ for y > 0; the naive product 0·(-∞) would be NaN.
        Assert.Equal((0.0, 0.0), Parts(D.Pow(D.Constant(0.0), D.Variable(y))));
        Assert.Equal(0.0, Rules.Pow(0.0, y).DY);
    }

    [Fact]
    public void Pow_at_a_zero_base_with_a_negative_exponent_has_slope_minus_infinity()
    {
        // x^-½ = 1/√x falls from +∞: its slope y·xʸ⁻¹ tends to -∞ as x → 0⁺, and so does that of the -2nd root.
        Assert.Equal((double.PositiveInfinity, double.NegativeInfinity), Parts(D.Pow(D.Variable(0.0), D.Constant(-0.5))));
        Assert.Equal((double.PositiveInfinity, double.NegativeInfinity), Parts(D.RootN(D.Variable(0.0), -2)));
        Assert.Equal((0.0, double.PositiveInfinity), Parts(D.RootN(D.Variable(0.0), 2)));
    }

    // --- comparisons and equality: the primal value only ----------------------------------------------------------------

    [Fact]
    public void Comparisons_and_equality_look_at_the_primal_value_only()
    {
        D a = new(1, 5), b = new(1, -3), c = new(2, -100);
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.True(a.Equals(b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(0, a.CompareTo(b));
        Assert.True(a < c && c > a && a <= b && a >= b);
        Assert.False(D.IsNegative(new D(1, -5)));
        Assert.True(D.IsNegative(new D(-1, 5)));
    }

    [Fact]
    public void Branching_code_differentiates_the_branch_taken_at_the_point()
    {
        // f(x) = x² for x < 1, 3x otherwise: piecewise derivative, and at x = 1 the else-branch decides.
        static D F(D x) => x < D.One ? x * x : 3.0 * x;
        Assert.Equal(1.0, ForwardMode.Derivative(F, 0.5));
        Assert.Equal(3.0, ForwardMode.Derivative(F, 2.0));
        Assert.Equal(3.0, ForwardMode.Derivative(F, 1.0));
    }

    // --- classification -----------------------------------------------------------------------------------------------

    [Fact]
    public void IsNaN_and_IsInfinity_are_true_if_any_part_is()
    {
        Assert.True(D.IsNaN(new D(double.NaN, 0)));
        Assert.True(D.IsNaN(new D(1, double.NaN)));
        Assert.False(D.IsNaN(new D(1, 2)));
        Assert.True(D.IsInfinity(new D(1, double.NegativeInfinity)));
        Assert.False(D.IsInfinity(new D(1, 2)));
        // Through generic code, as a caller written for double would ask.
        Assert.True(Generic.IsNaN(new D(1, double.NaN)));
    }

    [Fact]
    public void IsFinite_and_IsZero_need_every_part()
    {
        Assert.True(D.IsFinite(new D(1, 2)));
        Assert.False(D.IsFinite(new D(1, double.PositiveInfinity)));
        Assert.False(D.IsFinite(new D(1, double.NaN)));
        Assert.True(D.IsZero(new D(0, 0)));
        Assert.False(D.IsZero(new D(0, 1)));
        Assert.False(D.IsZero(new D(1, 0)));
        Assert.False(Generic.IsZero(new D(0, 1)));
    }

    // --- conversions and parsing ---------------------------------------------------------------------------------------

    [Fact]
    public void Parsing_yields_a_constant()
    {
        Assert.Equal((2.5, 0.0), Parts(D.Parse("2.5", CultureInfo.InvariantCulture)));
        Assert.Equal((-1e3, 0.0), Parts(D.Parse("-1e3", NumberStyles.Float, CultureInfo.InvariantCulture)));
        Assert.True(D.TryParse("0.125", CultureInfo.InvariantCulture, out var parsed));
        Assert.Equal((0.125, 0.0), Parts(parsed));
        Assert.False(D.TryParse("not a number", CultureInfo.InvariantCulture, out _));
    }

    [Fact]
    public void Converting_in_yields_a_constant_and_converting_out_drops_the_tangent()
    {
        Assert.Equal((2.5, 0.0), Parts(Generic.Create<D, double>(2.5)));
        Assert.Equal((7.0, 0.0), Parts(Generic.Create<D, int>(7)));
        var x = new D(2.75, 3.0);
        Assert.Equal(2.75, double.CreateChecked(x));
        Assert.Equal(2.75, double.CreateSaturating(x));
        Assert.Equal(2, int.CreateTruncating(x));
        D implicitly = 4.0;
        Assert.Equal((4.0, 0.0), Parts(implicitly));
    }

    [Fact]
    public void Constants_of_the_type_carry_no_tangent()
    {
        foreach (var c in new[] { D.Zero, D.One, D.NegativeOne, D.Pi, D.E, D.Tau, D.Epsilon, D.PositiveInfinity })
            Assert.Equal(0.0, c.Tangent);
        Assert.Equal(Math.PI, D.Pi.Value);
    }

    private static (double Value, double Tangent) Parts(D d) => (d.Value, d.Tangent);

    // Generic-math entry points, as code written once for any IFloatingPointIeee754 type reaches them.
    private static class Generic
    {
        public static T Floor<T>(T x) where T : IFloatingPointIeee754<T> => T.Floor(x);
        public static T Ceiling<T>(T x) where T : IFloatingPointIeee754<T> => T.Ceiling(x);
        public static T Round<T>(T x) where T : IFloatingPointIeee754<T> => T.Round(x);
        public static T Truncate<T>(T x) where T : IFloatingPointIeee754<T> => T.Truncate(x);
        public static bool IsNaN<T>(T x) where T : IFloatingPointIeee754<T> => T.IsNaN(x);
        public static bool IsZero<T>(T x) where T : IFloatingPointIeee754<T> => T.IsZero(x);
        public static T Create<T, TOther>(TOther value) where T : INumberBase<T> where TOther : INumberBase<TOther> => T.CreateChecked(value);
    }
}
