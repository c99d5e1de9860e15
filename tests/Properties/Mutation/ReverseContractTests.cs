// Mutation testing (Stryker.NET on src/Reverse) left these contracts of reverse mode unobserved: comparisons of Var as
// recorded guards and their replay, the INumberBase members a generic algorithm may call, the literal CPS form's
// limits, and the argument errors (which must name the argument and the lengths involved, or the user cannot act on
// them). Every expected value here is exact: comparisons and conversions are not rounded, and the gradients compared
// are of one multiplication or of the identity, so no tolerance is needed.
using DualGrad.Forward;
using DualGrad.Reverse;
using DualGrad.Reverse.Cps;

namespace DualGrad.Properties.Mutation;

public sealed class ReverseContractTests
{
    private static readonly Dictionary<string, Func<Var<double>, Var<double>, bool>> Operators = new()
    {
        ["=="] = (a, b) => a == b,
        ["!="] = (a, b) => a != b,
        ["<"] = (a, b) => a < b,
        [">"] = (a, b) => a > b,
        ["<="] = (a, b) => a <= b,
        [">="] = (a, b) => a >= b,
    };

    private static bool OnDoubles(string op, double a, double b) => op switch
    {
        "==" => a == b, "!=" => a != b, "<" => a < b, ">" => a > b, "<=" => a <= b, _ => a >= b,
    };

    [Theory]
    [InlineData(1.0, 2.0)]
    [InlineData(2.0, 1.0)]
    [InlineData(2.0, 2.0)]
    public void Comparisons_and_CompareTo_follow_the_primal_values(double a, double b)
    {
        var tape = new Tape<double>();
        foreach (var (x, y) in new[] { (tape.Variable(a), tape.Variable(b)), (new Var<double>(a), new Var<double>(b)) })
        {
            foreach (var (op, apply) in Operators) Assert.True(OnDoubles(op, a, b) == apply(x, y), $"{a} {op} {b}");
            Assert.Equal(a.CompareTo(b), x.CompareTo(y));
            Assert.Equal(a.CompareTo(b), x.CompareTo((object)y));
        }
        Assert.Equal(1, new Var<double>(a).CompareTo(null));
        Assert.Contains("Var", Assert.Throws<ArgumentException>(() => new Var<double>(a).CompareTo("text")).Message);
    }

    // One line per case: the comparison, the point it is recorded at, the point it is replayed at, and whether the
    // recorded branch still applies there. f = x0·x1 if the comparison holds, else x0 + x1.
    [Theory]
    [InlineData("==", 1.0, 1.0, 2.0, 2.0, false)]
    [InlineData("==", 1.0, 1.0, 2.0, 3.0, true)]
    [InlineData("!=", 1.0, 2.0, 3.0, 4.0, false)]
    [InlineData("!=", 1.0, 2.0, 3.0, 3.0, true)]
    [InlineData("<", 1.0, 2.0, 3.0, 4.0, false)]
    [InlineData("<", 1.0, 2.0, 4.0, 4.0, true)]
    [InlineData(">", 2.0, 1.0, 4.0, 3.0, false)]
    [InlineData(">", 2.0, 1.0, 3.0, 3.0, true)]
    [InlineData("<=", 1.0, 1.0, 3.0, 4.0, false)]
    [InlineData("<=", 1.0, 1.0, 4.0, 3.0, true)]
    [InlineData(">=", 1.0, 1.0, 4.0, 3.0, false)]
    [InlineData(">=", 1.0, 1.0, 3.0, 4.0, true)]
    [InlineData("<=", 1.0, 2.0, 2.0, 2.0, false)]
    [InlineData(">=", 2.0, 1.0, 2.0, 2.0, false)]
    public void Replay_checks_every_kind_of_recorded_comparison(string op, double r0, double r1, double p0, double p1, bool diverges)
    {
        var compare = Operators[op];
        var recording = Recording<double>.Record(v => compare(v[0], v[1]) ? v[0] * v[1] : v[0] + v[1], [r0, r1]);
        var gradient = new double[2];
        if (diverges)
        {
            var e = Assert.Throws<ReplayDivergedException>(() => recording.ValueAndGradient([p0, p1], gradient));
            // The message states the new outcome first, then the recorded one.
            var now = OnDoubles(op, p0, p1);
            Assert.Contains($"now gives {now}, but it gave {!now}", e.Message);
        }
        else
        {
            var value = recording.ValueAndGradient([p0, p1], gradient);
            var holds = OnDoubles(op, p0, p1);
            Assert.Equal(holds ? p0 * p1 : p0 + p1, value);
            Assert.Equal(holds ? [p1, p0] : [1.0, 1.0], gradient);
        }
    }

    // One line per case: a comparison of x0 against the constant 2 (on either side), recorded at x0 = r and replayed at
    // x0 = p; x1 = 5 is a second input, so reading a step where the constant should be read would compare with 5.
    [Theory]
    [InlineData(true, 1.0, 3.0, true)]
    [InlineData(true, 1.0, 1.5, false)]
    [InlineData(false, 1.0, 3.0, true)]
    [InlineData(false, 3.0, 4.0, false)]
    public void Replay_compares_against_recorded_constants(bool constantOnTheRight, double r, double p, bool diverges)
    {
        var two = new Var<double>(2);
        var recording = Recording<double>.Record(v => (constantOnTheRight ? v[0] < two : two < v[0]) ? v[0] * v[1] : v[1], [r, 5]);
        if (diverges) Assert.Throws<ReplayDivergedException>(() => recording.ValueAndGradient([p, 5.0], new double[2]));
        else recording.ValueAndGradient([p, 5.0], new double[2]);
    }

    // √(x0·x1) at (2, 0): the adjoint of the product is +∞. Its partial towards x0 is x1 = 0, and a zero partial
    // contributes nothing even against an infinite adjoint (as a zero tangent does in forward mode), so ∂/∂x0 is 0,
    // not 0·∞ = NaN; towards x1 the partial is 2, so ∂/∂x1 = +∞. Same with the operands swapped.
    [Theory]
    [InlineData(2.0, 0.0, 0.0, double.PositiveInfinity)]
    [InlineData(0.0, 2.0, double.PositiveInfinity, 0.0)]
    public void A_zero_partial_sends_nothing_against_an_infinite_adjoint(double x0, double x1, double d0, double d1) =>
        Assert.Equal([d0, d1], ReverseMode.Gradient<double>(v => Var<double>.Sqrt(v[0] * v[1]), [x0, x1]));

    [Fact]
    public void Number_members_a_generic_algorithm_may_call()
    {
        Assert.Equal(-1.0, Var<double>.NegativeOne.Value);
        Assert.True(Var<double>.NegativeOne.IsConstant);
        Assert.False(Var<double>.IsComplexNumber(Var<double>.One));
        Assert.False(Var<double>.IsImaginaryNumber(Var<double>.One));
        Assert.True(Var<double>.IsCanonical(Var<double>.One));
        Assert.True(Var<double>.TryParse("2.5", System.Globalization.CultureInfo.InvariantCulture, out var parsed));
        Assert.Equal(2.5, parsed.Value);
        Assert.True(parsed.IsConstant);
        Assert.False(Var<double>.TryParse("two", System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.True(Var<double>.TryParse("2.5".AsSpan(), System.Globalization.CultureInfo.InvariantCulture, out var fromSpan));
        Assert.Equal(2.5, fromSpan.Value);
    }

    [Theory]
    [InlineData("", "-2.5")]
    [InlineData("F2", "-2.50")]
    public void TryFormat_writes_the_value_or_reports_that_it_does_not_fit(string format, string expected)
    {
        var v = new Var<double>(-2.5);
        Span<char> room = stackalloc char[16];
        Assert.True(v.TryFormat(room, out var written, format, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, room[..written].ToString());
        Span<char> exact = stackalloc char[expected.Length];
        Assert.True(v.TryFormat(exact, out written, format, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected.Length, written);
        Span<char> small = stackalloc char[expected.Length - 1];
        Assert.False(v.TryFormat(small, out written, format, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, written);
    }

    private static TTo Saturating<TTo>(Var<double> v) where TTo : System.Numerics.INumberBase<TTo> => TTo.CreateSaturating(v);

    private static TTo Truncating<TTo>(Var<double> v) where TTo : System.Numerics.INumberBase<TTo> => TTo.CreateTruncating(v);

    [Fact]
    public void Converting_a_recorded_variable_to_its_own_type_keeps_the_recording()
    {
        // CreateSaturating/Truncating<Var<double>> of a Var is the identity (the derivative still flows: 1, not 0).
        // (Var.CreateChecked of a Var makes a constant instead, following "converted-in numbers are constants"; the
        // two paths disagree, which is reported rather than pinned here.)
        Assert.True(Var<double>.CreateChecked(3).IsConstant);
        Assert.Equal(3.0, Var<double>.CreateChecked(3).Value);
        Assert.Equal([1.0], ReverseMode.Gradient<double>(v => Saturating<Var<double>>(v[0]), [3.0]));
        Assert.Equal([1.0], ReverseMode.Gradient<double>(v => Truncating<Var<double>>(v[0]), [3.0]));
        Assert.Equal(2, int.CreateTruncating(new Var<double>(2.7)));
        Assert.Equal(2.7, double.CreateChecked(new Var<double>(2.7)));
    }

    // One line per case: x, y, and the gradient of maxNumber / minNumber (a NaN argument loses to a number, and the
    // number's whole recording is returned).
    [Theory]
    [InlineData(double.NaN, 2.0, 0.0, 1.0)]
    [InlineData(2.0, double.NaN, 1.0, 0.0)]
    [InlineData(1.0, 2.0, 0.0, 1.0)]
    public void MaxNumber_prefers_the_number(double x, double y, double dx, double dy)
    {
        Assert.Equal([dx, dy], ReverseMode.Gradient<double>(v => Var<double>.MaxNumber(v[0], v[1]), [x, y]));
        // minNumber: the same preference for the number; between numbers the smaller one.
        var (mx, my) = double.IsNaN(x) || double.IsNaN(y) ? (dx, dy) : (dy, dx);
        Assert.Equal([mx, my], ReverseMode.Gradient<double>(v => Var<double>.MinNumber(v[0], v[1]), [x, y]));
    }

    // The gradient is 1 for the argument the value came from and 0 for the others.
    [Theory]
    [MemberData(nameof(ClampCases.All), MemberType = typeof(ClampCases))]
    public void Clamp_passes_x_through_on_the_closed_interval(double x, double min, double max, int receiver)
    {
        var g = ReverseMode.Gradient<double>(v => Var<double>.Clamp(v[0], v[1], v[2]), [x, min, max]);
        Assert.Equal(Enumerable.Range(0, 3).Select(i => i == receiver ? 1.0 : 0.0), g);
    }

    [Fact]
    public void Clamp_refuses_min_above_max_by_name()
    {
        var e = Assert.Throws<ArgumentException>(() => Var<double>.Clamp(new Var<double>(2), new Var<double>(3), new Var<double>(1)));
        Assert.Equal("min", e.ParamName);
        Assert.Contains("min (3) is greater than max (1)", e.Message);
    }

    // One line per case: a selection by magnitude recorded at (r0, r1) is replayed at a tie |x| = |y|. The recording
    // guards |x| < |y| and |x| > |y| (both, so that a tie counts as a change), so the replay refuses either way.
    [Theory]
    [InlineData(1.0, 2.0)]
    [InlineData(3.0, 2.0)]
    [InlineData(-1.0, 2.0)]
    public void Selection_by_magnitude_guards_both_orders(double r0, double r1)
    {
        foreach (var select in new Func<Var<double>, Var<double>, Var<double>>[] { Var<double>.MaxMagnitude, Var<double>.MinMagnitude })
        {
            var recording = Recording<double>.Record(v => select(v[0], v[1]), [r0, r1]);
            Assert.Throws<ReplayDivergedException>(() => recording.ValueAndGradient([2.0, 2.0], new double[2]));
        }
    }

    private static string Message(Action act) => Assert.ThrowsAny<ArgumentException>(act).Message;

    [Fact]
    public void Partial_gradient_arguments_are_named_with_their_lengths()
    {
        double[] x = [1, 2, 3];
        ScalarFunc<Var<double>> f = v => v[0] * v[1];
        Assert.Contains("wrt is empty", Message(() => ReverseMode.ValueAndPartialGradient(f, x, [], new double[0])));
        Assert.Contains("gradient has length 1, but wrt has length 2", Message(() => ReverseMode.ValueAndPartialGradient(f, x, [0, 1], new double[1])));
        // Index 3 is outside 0..2: the argument error, not an IndexOutOfRangeException from inside the tape.
        var outside = Assert.Throws<ArgumentOutOfRangeException>(() => ReverseMode.ValueAndPartialGradient(f, x, [3], new double[1]));
        Assert.Contains("wrt contains 3, outside 0..2", outside.Message);
        Assert.Contains("wrt contains 1 twice", Message(() => ReverseMode.ValueAndPartialGradient(f, x, [1, 1], new double[2])));
    }

    [Fact]
    public void Vjp_and_replay_arguments_are_named_with_their_lengths()
    {
        VectorFunc<Var<double>> g = (v, y) => { y[0] = v[0] * v[1]; };
        Assert.Contains("vjp has length 1, but x has length 2", Message(() => ReverseMode.Vjp(g, [1.0, 2], [1.0], new double[1], new double[1])));
        Assert.Contains("u has length 2, but the function has 1 outputs", Message(() => ReverseMode.Vjp(g, [1.0, 2], [1.0, 1], new double[1], new double[2])));
        var recording = Recording<double>.Record(v => v[0] * v[1], [1.0, 2]);
        Assert.Contains("x has length 3, the recording has 2 inputs", Message(() => recording.ValueAndGradient([1.0, 2, 3], new double[3])));
        Assert.Contains("gradient has length 1, but x has length 2", Message(() => recording.ValueAndGradient([1.0, 2], new double[1])));
        var other = Recording<double>.Record(v => v[0], [1.0, 2]).CreateWorkspace();
        var e = Assert.Throws<ArgumentException>(() => recording.ValueAndGradient([1.0, 2], new double[2], other));
        Assert.Equal("workspace", e.ParamName);
        Assert.Contains("another recording", e.Message);
    }

    private static void SinChain(CpsVar v, int n, Action<CpsVar> k)
    {
        if (n == 0) k(v);
        else Cps.Sin(v, s => SinChain(s, n - 1, k));
    }

    [Fact]
    public void Cps_checks_its_arguments_and_its_depth_limit()
    {
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => Cps.Gradient(null!, (v, k) => k(v[0]))).ParamName);
        Assert.Equal("program", Assert.Throws<ArgumentNullException>(() => Cps.Gradient([1.0], null!)).ParamName);
        Assert.Contains("x is empty", Message(() => Cps.Gradient([], (v, k) => { })));
        Assert.Contains("never called its final continuation", Assert.Throws<InvalidOperationException>(() => Cps.Gradient([1.0], (v, k) => { })).Message);
        Assert.Throws<ArgumentNullException>(() => Cps.Gradient([1.0], (v, k) => Cps.Sin(v[0], null!)));
        Assert.Throws<ArgumentNullException>(() => Cps.Gradient([1.0], (v, k) => Cps.Add(v[0], null!, k)));
        Assert.Contains("final continuation twice", Assert.Throws<InvalidOperationException>(() => Cps.Gradient([1.0], (v, k) => { k(v[0]); k(v[0]); })).Message);
        CpsVar? kept = null;
        Cps.Gradient([1.0], (v, k) => { kept = v[0]; k(v[0]); });
        Assert.Contains("run that has ended", Assert.Throws<InvalidOperationException>(() => Cps.Gradient([1.0], (v, k) => Cps.Sin(kept!, k))).Message);
        // MaxDepth − 1 steps on x0, then x0 + x1, leave exactly MaxDepth operations waiting: the limit, and it runs; one
        // step more is refused with a message that names the limit and the alternative.
        var (value, g) = Cps.Gradient([0.5, 2.0], (v, k) => SinChain(v[0], Cps.MaxDepth - 1, s => Cps.Add(s, v[1], k)));
        Assert.Equal(1.0, g[1]);
        Assert.True(double.IsFinite(value));
        var deep = Assert.Throws<InvalidOperationException>(() =>
            Cps.Gradient([0.5, 2.0], (v, k) => SinChain(v[0], Cps.MaxDepth - 1, s => Cps.Add(s, v[1], a => Cps.Add(a, v[1], k)))));
        Assert.Contains($"at most {Cps.MaxDepth} operations waiting at once", deep.Message);
    }
}
