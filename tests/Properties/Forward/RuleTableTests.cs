// Lesson: the chain rule is only as good as its table of local derivatives. Every primitive knows its own derivative
// (d sin = cos dx, d ln x = dx/x, ...); forward mode multiplies that local derivative into the incoming tangent. So each
// primitive is checked here against its derivative worked out by hand from calculus, written independently of Rules:
// a wrong formula is off by O(1), far outside the rounding that separates two correct evaluations.
using System.Globalization;
using System.Reflection;
using DualGrad.Forward;
using Xunit.Abstractions;
using D = DualGrad.Forward.Dual<double>;

namespace DualGrad.Properties.Forward;

public sealed class RuleTableTests(ITestOutputHelper output)
{
    // Tolerance 1e-13 relative. The rule and the closed form are both a few correctly rounded (or nearly so) libm calls
    // and arithmetic operations apart, each contributing a relative error of about 1e-16 to 1e-15; 1e-13 leaves at least
    // 100x headroom, while any wrong formula (a missing factor, a sign, ln 2 for ln 10) is off by O(1).
    // Points where a rule is ill-conditioned get a looser bound, with the reason beside the point.
    private const double Tight = 1e-13;

    private static readonly double Ln2 = Math.Log(2);
    private static readonly double Ln10 = Math.Log(10);
    private const double Pi = Math.PI;

    /// <summary>A point of the table with its tolerance (and why, when it is not the tight one).</summary>
    internal sealed record Point(double[] X, double Tol, string? Why);

    /// <summary>One line of the table: a primitive on Dual&lt;double&gt;, its closed-form value and partials, its points.</summary>
    /// <param name="Name">The row's name (the theory's data).</param>
    /// <param name="Rule">The method of <see cref="Rules"/> it exercises (checked for coverage).</param>
    /// <param name="F">The primitive on dual numbers.</param>
    /// <param name="Value">The value, by hand.</param>
    /// <param name="Partials">∂f/∂xᵢ for each argument, by hand.</param>
    /// <param name="Points">Points inside the domain.</param>
    internal sealed record Row(string Name, string Rule, Func<D[], D> F, Func<double[], double> Value, Func<double[], double>[] Partials, Point[] Points)
    {
        /// <summary>Adds unary points checked to a looser tolerance, for the stated reason.</summary>
        public Row LooseAt(double tol, string why, params double[] xs) =>
            this with { Points = [.. Points, .. xs.Select(x => new Point([x], tol, why))] };
    }

    private static Row U(string name, string rule, Func<D, D> f, Func<double, double> value, Func<double, double> derivative, params double[] xs) =>
        new(name, rule, a => f(a[0]), p => value(p[0]), [p => derivative(p[0])], [.. xs.Select(x => new Point([x], Tight, null))]);

    private static Row B(string name, string rule, Func<D, D, D> f, Func<double, double, double> value,
        Func<double, double, double> dx, Func<double, double, double> dy, params (double X, double Y)[] points) =>
        new(name, rule, a => f(a[0], a[1]), p => value(p[0], p[1]), [p => dx(p[0], p[1]), p => dy(p[0], p[1])],
            [.. points.Select(p => new Point([p.X, p.Y], Tight, null))]);

    private static Row T3(string name, string rule, Func<D, D, D, D> f, Func<double, double, double, double> value,
        Func<double, double, double, double> dx, Func<double, double, double, double> dy, Func<double, double, double, double> dz,
        params (double X, double Y, double Z)[] points) =>
        new(name, rule, a => f(a[0], a[1], a[2]), p => value(p[0], p[1], p[2]),
            [p => dx(p[0], p[1], p[2]), p => dy(p[0], p[1], p[2]), p => dz(p[0], p[1], p[2])],
            [.. points.Select(p => new Point([p.X, p.Y, p.Z], Tight, null))]);

    private static double SmallExpM1(double t) => t + t * t / 2 + t * t * t / 6;

    private static double SmallLogP1(double x) => x - x * x / 2 + x * x * x / 3;

    private const string NearPole = "1 - x² cancels near x = 1: x² is rounded by ~1e-16 and 1 - x² ≈ 2e-6, so the rule's 1/√(1 - x²) can be off by ~1e-11 relative (5.5e-12 at x = 0.999999); the closed form's (1 - x)(1 + x) is accurate";

    internal static readonly Row[] Table =
    [
        // Arithmetic: the sum, difference, product and quotient rules.
        B("x + y", "Add", (x, y) => x + y, (x, y) => x + y, (x, y) => 1, (x, y) => 1, (1.5, 2.25), (-3, 0.1), (1e10, -7)),
        B("x - y", "Subtract", (x, y) => x - y, (x, y) => x - y, (x, y) => 1, (x, y) => -1, (1.5, 2.25), (-3, 0.1), (1e10, -7)),
        B("x * y", "Multiply", (x, y) => x * y, (x, y) => x * y, (x, y) => y, (x, y) => x, (1.5, 2.25), (-3, 0.1), (1e10, -7)),
        B("x / y", "Divide", (x, y) => x / y, (x, y) => x / y, (x, y) => 1 / y, (x, y) => -x / (y * y), (3, 4), (-1.5, 0.25), (7, -3)),
        U("-x", "Negate", x => -x, x => -x, x => -1, -2.5, 0.3, 7),
        B("x % y", "Remainder", (x, y) => x % y, (x, y) => x - y * Math.Truncate(x / y), (x, y) => 1, (x, y) => -Math.Truncate(x / y),
            (7, 3), (-7.5, 2), (10, -3), (5.5, 1.25)),
        B("Ieee754Remainder", "Ieee754Remainder", D.Ieee754Remainder, (x, y) => x - y * Math.Round(x / y), (x, y) => 1, (x, y) => -Math.Round(x / y),
            (7, 3), (-7.5, 2), (10, -3), (5.5, 1.25)),
        U("ScaleB(x, 3)", "ScaleB", x => D.ScaleB(x, 3), x => 8 * x, x => 8, -1.25, 0.3, 5),
        U("ScaleB(x, -2)", "ScaleB", x => D.ScaleB(x, -2), x => x / 4, x => 0.25, -1.25, 0.3, 5),
        T3("FusedMultiplyAdd", "Multiply", D.FusedMultiplyAdd, (x, y, z) => x * y + z, (x, y, z) => y, (x, y, z) => x, (x, y, z) => 1,
            (2, 3, 4), (-1.5, 0.25, 7), (0.1, 10, -0.3)),

        // Integer powers: d xⁿ = n xⁿ⁻¹ dx, also for n ≤ 0 and negative bases.
        U("Pow(x, 0)", "PowInteger", x => D.Pow(x, 0), x => 1, x => 0, -2, 0, 3),
        U("Pow(x, 1)", "PowInteger", x => D.Pow(x, 1), x => x, x => 1, -2, 0.3, 3),
        U("Pow(x, 3)", "PowInteger", x => D.Pow(x, 3), x => x * x * x, x => 3 * x * x, -1.3, 0.7, 2.5),
        U("Pow(x, 7)", "PowInteger", x => D.Pow(x, 7), x => Math.Pow(x, 7), x => 7 * Math.Pow(x, 6), -1.3, 0.7, 2.5),
        U("Pow(x, -1)", "PowInteger", x => D.Pow(x, -1), x => 1 / x, x => -1 / (x * x), -1.3, 0.7, 2.5),
        U("Pow(x, -2)", "PowInteger", x => D.Pow(x, -2), x => 1 / (x * x), x => -2 / (x * x * x), -1.3, 0.7, 2.5),
        U("Pow(x, -5)", "PowInteger", x => D.Pow(x, -5), x => Math.Pow(x, -5), x => -5 * Math.Pow(x, -6), -1.3, 0.7, 2.5),

        // Real exponents, constant: d xʸ = y xʸ⁻¹ dx (an integer-valued y takes the multiply-only path, 65 is past it).
        U("Pow(x, 3.0 constant)", "PowConstant", x => D.Pow(x, D.Constant(3.0)), x => x * x * x, x => 3 * x * x, -1.3, 0.7, 2.5),
        U("Pow(x, 2.5 constant)", "PowConstant", x => D.Pow(x, D.Constant(2.5)), x => Math.Pow(x, 2.5), x => 2.5 * Math.Pow(x, 1.5), 0.3, 1.7, 4),
        U("Pow(x, -0.5 constant)", "PowConstant", x => D.Pow(x, D.Constant(-0.5)), x => 1 / Math.Sqrt(x), x => -0.5 / (x * Math.Sqrt(x)), 0.3, 1.7, 4),
        U("Pow(x, 65 constant)", "PowConstant", x => D.Pow(x, D.Constant(65.0)), x => Math.Pow(x, 65), x => 65 * Math.Pow(x, 64), 0.9, 1.05, 1.5),

        // Variable exponent: ∂/∂x = y xʸ⁻¹ and ∂/∂y = xʸ ln x, both partials.
        B("Pow(x, y)", "Pow", D.Pow, Math.Pow, (x, y) => y * Math.Pow(x, y - 1), (x, y) => Math.Pow(x, y) * Math.Log(x),
            (1.5, 2.3), (0.4, -1.7), (3, 0.5), (2, 3), (0.25, 4)),

        // Exponentials: d eˣ = eˣ dx; other bases bring their logarithm down.
        U("Exp", "Exp", D.Exp, Math.Exp, Math.Exp, -3, 0.5, 2),
        U("Exp2", "Exp2", D.Exp2, x => Math.Pow(2, x), x => Math.Pow(2, x) * Ln2, -3, 0.5, 2.7),
        U("Exp10", "Exp10", D.Exp10, x => Math.Pow(10, x), x => Math.Pow(10, x) * Ln10, -1.5, 0.5, 2.3),
        // bˣ - 1 near 0 by its Taylor series t + t²/2 + t³/6 with t = x ln b (the subtraction would cancel every digit);
        // these forms exist to be accurate there, so the tiny point is held to the same 1e-13.
        U("ExpM1", "ExpM1", D.ExpM1, x => Math.Abs(x) < 1e-5 ? SmallExpM1(x) : Math.Exp(x) - 1, Math.Exp, -2, 1e-10, 0.5, 3),
        U("Exp2M1", "Exp2M1", D.Exp2M1, x => Math.Abs(x) < 1e-5 ? SmallExpM1(x * Ln2) : Math.Pow(2, x) - 1, x => Math.Pow(2, x) * Ln2, -2, 1e-10, 0.5, 3),
        U("Exp10M1", "Exp10M1", D.Exp10M1, x => Math.Abs(x) < 1e-5 ? SmallExpM1(x * Ln10) : Math.Pow(10, x) - 1, x => Math.Pow(10, x) * Ln10, -1, 1e-10, 0.5, 2),

        // Logarithms: d ln x = dx / x; other bases divide by their logarithm.
        U("Log", "Log", D.Log, Math.Log, x => 1 / x, 0.25, 2, 10),
        U("Log2", "Log2", D.Log2, x => Math.Log(x) / Ln2, x => 1 / (x * Ln2), 0.3, 3, 100),
        U("Log10", "Log10", D.Log10, x => Math.Log(x) / Ln10, x => 1 / (x * Ln10), 0.3, 3, 100),
        // ln(1 + x) near 0 by its Taylor series x - x²/2 + x³/3 (1 + x would round x away), elsewhere as written.
        U("LogP1", "LogP1", D.LogP1, x => Math.Abs(x) < 1e-5 ? SmallLogP1(x) : Math.Log(1 + x), x => 1 / (1 + x), -0.5, 1e-10, 1, 4),
        U("Log2P1", "Log2P1", D.Log2P1, x => (Math.Abs(x) < 1e-5 ? SmallLogP1(x) : Math.Log(1 + x)) / Ln2, x => 1 / ((1 + x) * Ln2), -0.5, 1e-10, 1, 4),
        U("Log10P1", "Log10P1", D.Log10P1, x => (Math.Abs(x) < 1e-5 ? SmallLogP1(x) : Math.Log(1 + x)) / Ln10, x => 1 / ((1 + x) * Ln10), -0.5, 1e-10, 1, 4),
        B("Log(x, base)", "LogBase", D.Log, (x, b) => Math.Log(x) / Math.Log(b), (x, b) => 1 / (x * Math.Log(b)),
            (x, b) => -Math.Log(x) / (b * Math.Log(b) * Math.Log(b)), (5, 2), (0.2, 10), (7, 0.5), (100, 3)),

        // Roots: d x^(1/n) = x^(1/n) / (n x) dx, written here as (1/n) x^(1/n - 1).
        U("Sqrt", "Sqrt", D.Sqrt, Math.Sqrt, x => 0.5 * Math.Pow(x, -0.5), 0.25, 2, 9),
        U("Cbrt", "Cbrt", D.Cbrt, x => Math.Sign(x) * Math.Pow(Math.Abs(x), 1.0 / 3), x => Math.Pow(Math.Abs(x), -2.0 / 3) / 3, -8, -3, 0.5, 27),
        U("RootN(x, 2)", "RootN", x => D.RootN(x, 2), Math.Sqrt, x => 0.5 / Math.Sqrt(x), 0.25, 2, 9),
        U("RootN(x, 4)", "RootN", x => D.RootN(x, 4), x => Math.Pow(x, 0.25), x => 0.25 * Math.Pow(x, -0.75), 0.3, 2, 81),
        U("RootN(x, 5)", "RootN", x => D.RootN(x, 5), x => Math.Sign(x) * Math.Pow(Math.Abs(x), 0.2), x => 0.2 * Math.Pow(Math.Abs(x), -0.8), -32, -0.7, 3),
        U("RootN(x, -2)", "RootN", x => D.RootN(x, -2), x => Math.Pow(x, -0.5), x => -0.5 * Math.Pow(x, -1.5), 0.25, 2, 9),
        B("Hypot", "Hypot", D.Hypot, (x, y) => Math.Sqrt(x * x + y * y), (x, y) => x / Math.Sqrt(x * x + y * y), (x, y) => y / Math.Sqrt(x * x + y * y),
            (3, 4), (-1.5, 2), (0.1, -7)),
        U("ReciprocalEstimate", "Reciprocal", D.ReciprocalEstimate, x => 1 / x, x => -1 / (x * x), -2, 0.3, 5),
        U("ReciprocalSqrtEstimate", "ReciprocalSqrt", D.ReciprocalSqrtEstimate, x => Math.Pow(x, -0.5), x => -0.5 * Math.Pow(x, -1.5), 0.25, 2, 9),

        // Circular functions: d sin = cos, d cos = -sin, d tan = sec².
        U("Sin", "Sin", D.Sin, Math.Sin, Math.Cos, 0.3, -1.2, 2.5),
        U("Cos", "Cos", D.Cos, Math.Cos, x => -Math.Sin(x), 0.3, -1.2, 2.5),
        U("Tan", "Tan", D.Tan, Math.Tan, x => 1 / (Math.Cos(x) * Math.Cos(x)), 0.3, -1.2, 2.5, 1.5707),
        U("SinCos.Sin", "Sin", x => D.SinCos(x).Sin, Math.Sin, Math.Cos, 0.3, -1.2, 2.5),
        U("SinCos.Cos", "Cos", x => D.SinCos(x).Cos, Math.Cos, x => -Math.Sin(x), 0.3, -1.2, 2.5),
        U("SinPi", "SinPi", D.SinPi, x => Math.Sin(Pi * x), x => Pi * Math.Cos(Pi * x), 0.3, -0.7, 2.2),
        U("CosPi", "CosPi", D.CosPi, x => Math.Cos(Pi * x), x => -Pi * Math.Sin(Pi * x), 0.3, -0.7, 2.2),
        U("TanPi", "TanPi", D.TanPi, x => Math.Tan(Pi * x), x => Pi / (Math.Cos(Pi * x) * Math.Cos(Pi * x)), 0.3, -0.7, 2.2),
        U("Asin", "Asin", D.Asin, Math.Asin, x => 1 / Math.Sqrt((1 - x) * (1 + x)), -0.6, 0.2, 0.9).LooseAt(1e-9, NearPole, 0.999999),
        U("Acos", "Acos", D.Acos, Math.Acos, x => -1 / Math.Sqrt((1 - x) * (1 + x)), -0.6, 0.2, 0.9).LooseAt(1e-9, NearPole, 0.999999),
        U("Atan", "Atan", D.Atan, Math.Atan, x => 1 / (1 + x * x), -3, 0.4, 10),
        U("AsinPi", "AsinPi", D.AsinPi, x => Math.Asin(x) / Pi, x => 1 / (Pi * Math.Sqrt((1 - x) * (1 + x))), -0.6, 0.2, 0.9).LooseAt(1e-9, NearPole, 0.999999),
        U("AcosPi", "AcosPi", D.AcosPi, x => Math.Acos(x) / Pi, x => -1 / (Pi * Math.Sqrt((1 - x) * (1 + x))), -0.6, 0.2, 0.9).LooseAt(1e-9, NearPole, 0.999999),
        U("AtanPi", "AtanPi", D.AtanPi, x => Math.Atan(x) / Pi, x => 1 / (Pi * (1 + x * x)), -3, 0.4, 10),
        // atan2(y, x) is the angle of (x, y): ∂/∂y = x / r², ∂/∂x = -y / r².
        B("Atan2(y, x)", "Atan2", D.Atan2, Math.Atan2, (y, x) => x / (x * x + y * y), (y, x) => -y / (x * x + y * y), (1, 2), (-3, -0.5), (0.5, -4)),
        B("Atan2Pi(y, x)", "Atan2Pi", D.Atan2Pi, (y, x) => Math.Atan2(y, x) / Pi, (y, x) => x / (Pi * (x * x + y * y)), (y, x) => -y / (Pi * (x * x + y * y)),
            (1, 2), (-3, -0.5), (0.5, -4)),

        // Hyperbolic functions, from their definitions in eˣ and e⁻ˣ.
        U("Sinh", "Sinh", D.Sinh, x => (Math.Exp(x) - Math.Exp(-x)) / 2, x => (Math.Exp(x) + Math.Exp(-x)) / 2, -2, 0.7, 3),
        U("Cosh", "Cosh", D.Cosh, x => (Math.Exp(x) + Math.Exp(-x)) / 2, x => (Math.Exp(x) - Math.Exp(-x)) / 2, -2, 0.7, 3),
        U("Tanh", "Tanh", D.Tanh, x => (Math.Exp(2 * x) - 1) / (Math.Exp(2 * x) + 1), x => 4 / ((Math.Exp(x) + Math.Exp(-x)) * (Math.Exp(x) + Math.Exp(-x))), -1.5, 0.4, 2),
        U("Asinh", "Asinh", D.Asinh, x => Math.Log(x + Math.Sqrt(x * x + 1)), x => 1 / Math.Sqrt(x * x + 1), -2, 0.5, 3),
        U("Acosh", "Acosh", D.Acosh, x => Math.Log(x + Math.Sqrt(x * x - 1)), x => 1 / Math.Sqrt((x - 1) * (x + 1)), 1.5, 3, 10),
        U("Atanh", "Atanh", D.Atanh, x => 0.5 * Math.Log((1 + x) / (1 - x)), x => 1 / ((1 - x) * (1 + x)), -0.5, 0.3, 0.9),

        // Non-smooth primitives, away from their kinks (the kinks are ConventionTests' business).
        U("Abs", "Abs", D.Abs, Math.Abs, x => x < 0 ? -1 : 1, -2, -1e-300, 3),
        B("Min", "Min", D.Min, Math.Min, (x, y) => x < y ? 1 : 0, (x, y) => x < y ? 0 : 1, (1, 2), (3, -1), (-5, -4)),
        B("Max", "Max", D.Max, Math.Max, (x, y) => x > y ? 1 : 0, (x, y) => x > y ? 0 : 1, (1, 2), (3, -1), (-5, -4)),
        U("Clamp(x, -1, 2)", "(a selection, no rule)", x => D.Clamp(x, -1.0, 2.0), x => Math.Clamp(x, -1, 2), x => x is > -1 and < 2 ? 1 : 0, -3, 0.5, 5),
        T3("Clamp(x, lo, hi)", "(a selection, no rule)", D.Clamp, Math.Clamp,
            (x, lo, hi) => x >= lo && x <= hi ? 1 : 0, (x, lo, hi) => x < lo ? 1 : 0, (x, lo, hi) => x > hi ? 1 : 0,
            (-3, -1, 2), (0.5, -1, 2), (5, -1, 2)),
        B("CopySign", "CopySign", D.CopySign, Math.CopySign, (x, y) => Math.Sign(x) == Math.Sign(y) ? 1 : -1, (x, y) => 0,
            (2, 3), (2, -3), (-2, 3), (-2, -3)),

        // Activations: σ' = e⁻ˣ/(1 + e⁻ˣ)², softplus' = σ, relu' = step.
        U("Sigmoid", "Sigmoid", D.Sigmoid, x => 1 / (1 + Math.Exp(-x)), x => Math.Exp(-x) / ((1 + Math.Exp(-x)) * (1 + Math.Exp(-x))), -3, 0.5, 4),
        U("Softplus", "Softplus", D.Softplus, x => Math.Log(1 + Math.Exp(x)), x => 1 / (1 + Math.Exp(-x)), -2, 0.5, 3),
        U("Relu", "Relu", D.Relu, x => x > 0 ? x : 0, x => x > 0 ? 1 : 0, -1.5, 2.5, 1e-300),
    ];

    // The rules whose conventions (not closed forms) are the test: a rounding's derivative is 0 everywhere and a
    // one-ulp nudge's is 1. ConventionTests checks both.
    private static readonly string[] CoveredByConventionTests = ["Rounding", "Nudge"];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var row in Table) data.Add(row.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Primitive_matches_its_derivative_by_hand(string name)
    {
        var row = Table.Single(r => r.Name == name);
        var worst = 0.0;
        foreach (var point in row.Points)
        {
            var n = point.X.Length;
            var where = $"{name} at ({string.Join(", ", point.X.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))})"
                + (point.Why is null ? "" : $" [loose: {point.Why}]");

            // Constants in: the value, and no tangent out.
            var y = row.F([.. point.X.Select(D.Constant)]);
            var value = row.Value(point.X);
            Near.Relative(value, y.Value, point.Tol, $"{where}: value");
            Assert.True(y.Tangent == 0, $"{where}: constant arguments gave tangent {y.Tangent:R}, not 0.");
            worst = Math.Max(worst, Near.Error(value, y.Value));

            // One argument seeded at a time: the tangent is that partial derivative.
            var partials = new double[n];
            for (var i = 0; i < n; i++)
            {
                var args = new D[n];
                for (var j = 0; j < n; j++) args[j] = i == j ? D.Variable(point.X[j]) : D.Constant(point.X[j]);
                var seeded = row.F(args);
                partials[i] = row.Partials[i](point.X);
                Assert.True(seeded.Value.Equals(y.Value), $"{where}: seeding changed the value from {y.Value:R} to {seeded.Value:R}.");
                Near.Relative(partials[i], seeded.Tangent, point.Tol, $"{where}: ∂/∂x{i + 1}");
                worst = Math.Max(worst, Near.Error(partials[i], seeded.Tangent));
            }

            // All arguments seeded along one direction: the tangent is Σ vᵢ ∂f/∂xᵢ (for Pow this is the path that forms ln x).
            if (n > 1)
            {
                double[] direction = [1, 0.375, -0.625];
                var args = new D[n];
                for (var j = 0; j < n; j++) args[j] = new D(point.X[j], direction[j]);
                var expected = 0.0;
                var scale = 0.0;
                for (var j = 0; j < n; j++)
                {
                    expected += direction[j] * partials[j];
                    scale += Math.Abs(direction[j] * partials[j]);
                }
                var along = row.F(args).Tangent;
                Near.Relative(expected, along, point.Tol, $"{where}: along (1, 0.375, -0.625)", scale);
                worst = Math.Max(worst, Near.Error(expected, along, scale));
            }
        }
        output.WriteLine($"{name}: {row.Points.Length} points, worst relative error {worst:E2}");
    }

    [Fact]
    public void Every_rule_in_Rules_has_a_row_or_a_convention_test()
    {
        var rules = typeof(Rules).GetMethods(BindingFlags.Public | BindingFlags.Static).Select(m => m.Name).Distinct();
        var missing = rules.Except(Table.Select(r => r.Rule)).Except(CoveredByConventionTests).Order().ToArray();
        Assert.True(missing.Length == 0, $"Rules without a row in the table: {string.Join(", ", missing)}.");
        Assert.Contains("Sin", rules); // the reflection itself found the rules
    }

    [Fact]
    public void Every_row_is_named_once_and_checked_at_several_points()
    {
        var duplicates = Table.GroupBy(r => r.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        Assert.True(duplicates.Length == 0, $"Duplicate row names: {string.Join(", ", duplicates)}.");
        var thin = Table.Where(r => r.Points.Length < 2).Select(r => r.Name).ToArray();
        Assert.True(thin.Length == 0, $"Rows with fewer than 2 points: {string.Join(", ", thin)}.");
        Assert.All(Table, r => Assert.All(r.Points, p => Assert.Equal(r.Partials.Length, p.X.Length)));
    }
}
