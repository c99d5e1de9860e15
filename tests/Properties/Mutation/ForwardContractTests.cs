// Mutation testing (Stryker.NET on src/Forward) left these contracts of forward mode unobserved: the comparison and
// number members of Dual a generic algorithm may call, its formatting, the NaN-preferring max/min and Clamp, the
// chunked lanes beside an infinite derivative, and the argument errors (which must name the argument and the lengths
// involved). Every expected value is exact: comparisons, selections and formatting are not rounded, and the
// derivatives compared are of sums and selections, so no tolerance is needed.
using System.Globalization;
using DualGrad.Forward;
using D = DualGrad.Forward.Dual<double>;

namespace DualGrad.Properties.Mutation;

public sealed class ForwardContractTests
{
    // One line per case: a, b. Comparisons look at the value only (the tangents differ on purpose).
    [Theory]
    [InlineData(1.0, 2.0)]
    [InlineData(2.0, 1.0)]
    [InlineData(2.0, 2.0)]
    public void Comparisons_and_CompareTo_follow_the_values(double a, double b)
    {
        D x = new(a, 5), y = new(b, -7);
        Assert.Equal(a == b, x == y);
        Assert.Equal(a != b, x != y);
        Assert.Equal(a < b, x < y);
        Assert.Equal(a > b, x > y);
        Assert.Equal(a <= b, x <= y);
        Assert.Equal(a >= b, x >= y);
        Assert.Equal(a.CompareTo(b), x.CompareTo(y));
        Assert.Equal(a.CompareTo(b), x.CompareTo((object)y));
        Assert.Equal(1, x.CompareTo(null));
        Assert.Contains("Dual", Assert.Throws<ArgumentException>(() => x.CompareTo("text")).Message);
    }

    [Fact]
    public void Number_members_a_generic_algorithm_may_call()
    {
        Assert.Equal(new D(-1, 0), D.NegativeOne);
        Assert.Equal(0.0, D.NegativeOne.Tangent);
        Assert.False(D.IsComplexNumber(D.One));
        Assert.False(D.IsImaginaryNumber(D.One));
        Assert.True(D.IsCanonical(D.One));
        Assert.Equal(2, int.CreateTruncating(new D(2.7, 1)));
        Assert.Equal(2.7, double.CreateChecked(new D(2.7, 1)));
        // Converting a dual number to its own type is the identity: the tangent survives.
        Assert.Equal(3.0, Saturating<D>(new D(1, 3)).Tangent);
        Assert.Equal(3.0, Truncating<D>(new D(1, 3)).Tangent);
    }

    private static TTo Saturating<TTo>(D v) where TTo : System.Numerics.INumberBase<TTo> => TTo.CreateSaturating(v);

    private static TTo Truncating<TTo>(D v) where TTo : System.Numerics.INumberBase<TTo> => TTo.CreateTruncating(v);

    // One line per case: the format and the text "value + tangentε".
    [Theory]
    [InlineData("", "-2.5 + 1ε")]
    [InlineData("F2", "-2.50 + 1.00ε")]
    public void Formatting_shows_value_and_tangent(string format, string expected)
    {
        var d = new D(-2.5, 1);
        Assert.Equal(expected, d.ToString(format.Length == 0 ? null : format, CultureInfo.InvariantCulture));
        Span<char> room = stackalloc char[32];
        Assert.True(d.TryFormat(room, out var written, format, CultureInfo.InvariantCulture));
        Assert.Equal(expected, room[..written].ToString());
        Span<char> exact = stackalloc char[expected.Length];
        Assert.True(d.TryFormat(exact, out written, format, CultureInfo.InvariantCulture));
        Assert.Equal(expected, exact.ToString());
        Span<char> small = stackalloc char[expected.Length - 1];
        Assert.False(d.TryFormat(small, out written, format, CultureInfo.InvariantCulture));
        Assert.Equal(0, written);
    }

    // One line per case: x, y and the tangent of maxNumber(x + ε, y + 2ε): a NaN argument loses to a number.
    [Theory]
    [InlineData(double.NaN, 2.0, 2.0)]
    [InlineData(2.0, double.NaN, 1.0)]
    [InlineData(1.0, 2.0, 2.0)]
    public void MaxNumber_and_MinNumber_prefer_the_number(double x, double y, double tangent)
    {
        D a = new(x, 1), b = new(y, 2);
        Assert.Equal(tangent, D.MaxNumber(a, b).Tangent);
        var min = double.IsNaN(x) || double.IsNaN(y) ? tangent : 3 - tangent;
        Assert.Equal(min, D.MinNumber(a, b).Tangent);
    }

    // The tangents of x, min and max are 1, 2 and 3, so the tangent that comes out names the argument it came from.
    [Theory]
    [MemberData(nameof(ClampCases.All), MemberType = typeof(ClampCases))]
    public void Clamp_passes_x_through_on_the_closed_interval(double x, double min, double max, int receiver) =>
        Assert.Equal(receiver + 1, D.Clamp(new D(x, 1), new D(min, 2), new D(max, 3)).Tangent);

    [Fact]
    public void Clamp_refuses_min_above_max_by_name()
    {
        var e = Assert.Throws<ArgumentException>(() => D.Clamp(new D(2, 0), new D(3, 0), new D(1, 0)));
        Assert.Equal("min", e.ParamName);
        Assert.Contains("min (3) is greater than max (1)", e.Message);
    }

    // One line per case: the primitive, its arguments and the exact value and tangent (tangents 1 on the first
    // argument, 2 on the second). At the origin atan2 and hypot have no derivative: the documented convention is 0,
    // not 0/0 = NaN. expm1 far below −745 has e^x = 0: the value is −1 exactly, not −x/log(0) = −0.
    [Theory]
    [InlineData("atan2", 0.0, 0.0, 0.0, 0.0)]
    [InlineData("hypot", 0.0, 0.0, 0.0, 0.0)]
    [InlineData("hypot", 3.0, 4.0, 5.0, 2.2)]
    [InlineData("expm1", -800.0, 0.0, -1.0, 0.0)]
    public void Conventions_at_singular_and_extreme_points(string op, double a, double b, double value, double tangent)
    {
        D x = new(a, 1), y = new(b, 2);
        var r = op switch { "atan2" => D.Atan2(x, y), "hypot" => D.Hypot(x, y), _ => D.ExpM1(x) };
        Assert.Equal(value, r.Value);
        Assert.Equal(tangent, r.Tangent, 1e-15);   // 3/5 + 2·4/5 = 2.2, rounded once
    }

    private static string Message(Action act) => Assert.ThrowsAny<ArgumentException>(act).Message;

    [Fact]
    public void Forward_mode_arguments_are_named_with_their_lengths()
    {
        ScalarFunc<D> f = v => v[0] * v[1];
        ScalarFunc<ChunkDual<Chunk4>> f4 = v => v[0] * v[1];
        VectorFunc<D> g = (v, y) => { y[0] = v[0] * v[1]; };
        Assert.Contains("function of no variables", Message(() => ForwardMode.Gradient(f, [], new double[0])));
        Assert.Contains("v has length 1, but x has length 2", Message(() => ForwardMode.DirectionalDerivative(f, [1.0, 2], [1.0])));
        Assert.Contains("v has length 1, but x has length 2", Message(() => ForwardMode.Jvp(g, [1.0, 2], [1.0], new double[1], new double[1])));
        Assert.Contains("jv has length 2, but y has length 1", Message(() => ForwardMode.Jvp(g, [1.0, 2], [1.0, 1], new double[1], new double[2])));
        Assert.Contains("gradient has length 1, but x has length 2", Message(() => ForwardMode.Gradient(f, [1.0, 2], new double[1])));
        Assert.Contains("gradient has length 1, but x has length 2", Message(() => ForwardMode.GradientChunked(f4, [1.0, 2], new double[1])));
        Assert.Contains("0..3", Assert.Throws<ArgumentOutOfRangeException>(() => Chunk4.Basis(4)).Message);
        Assert.Contains("0..7", Assert.Throws<ArgumentOutOfRangeException>(() => Chunk8.Basis(8)).Message);
        Assert.Equal("rule", Assert.Throws<ArgumentNullException>(() => ((IUnaryRule)null!).Apply(1.0)).ParamName);
        Assert.Equal("rule", Assert.Throws<ArgumentNullException>(() => ((IBinaryRule)null!).Apply(1.0, 2.0)).ParamName);
    }

    // √x at 0 has an infinite derivative; every other input's lane has a zero tangent there and must stay exactly 1
    // (0·∞ would be NaN). n = 1..10 covers a single chunk, a full one, and several, in both widths.
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(10)]
    public void Lanes_beside_an_infinite_derivative_stay_exact(int n)
    {
        var x = Enumerable.Range(0, n).Select(i => i == 0 ? 0.0 : i).ToArray();
        static T F<T>(ReadOnlySpan<T> v) where T : System.Numerics.IFloatingPointIeee754<T>
        {
            var s = T.Sqrt(v[0]);
            for (var i = 1; i < v.Length; i++) s += v[i];
            return s;
        }
        var expected = Enumerable.Range(0, n).Select(i => i == 0 ? double.PositiveInfinity : 1.0).ToArray();
        var g4 = new double[n];
        var g8 = new double[n];
        var g1 = new double[n];
        Assert.Equal((double)n * (n - 1) / 2, ForwardMode.GradientChunked<Chunk4>(F, x, g4));
        ForwardMode.GradientChunked<Chunk8>(F, x, g8);
        ForwardMode.Gradient(F, x, g1);
        Assert.Equal(expected, g4);
        Assert.Equal(expected, g8);
        Assert.Equal(expected, g1);
    }
}
