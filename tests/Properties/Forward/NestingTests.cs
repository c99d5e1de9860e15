// Lesson: the chain rule applied to itself. A derivative of a derivative is forward mode run on dual numbers whose
// parts are dual numbers; each level carries its own ε. The classic trap is perturbation confusion (Siskind &
// Pearlmutter, "Perturbation confusion and referential transparency", IFL 2005): if the inner derivative's ε and the
// outer one's are the same, an outer variable used inside the inner function leaks its perturbation, and
// D(x ↦ x · D(y ↦ x + y)(1))(1) comes out 2 instead of 1. Here each level is its own type, Dual<Dual<double>> inside
// Dual<double>, so the outer x can only enter the inner function as a constant of the inner level.
using System.Numerics;
using DualGrad.Forward;
using D1 = DualGrad.Forward.Dual<double>;
using D2 = DualGrad.Forward.Dual<DualGrad.Forward.Dual<double>>;
using D3 = DualGrad.Forward.Dual<DualGrad.Forward.Dual<DualGrad.Forward.Dual<double>>>;

namespace DualGrad.Properties.Forward;

public sealed class NestingTests
{
    // D(y ↦ x + y)(1) for an outer x: the inner function sees x as a constant of the inner level.
    private static D1 InnerDerivative(D1 x) => ForwardMode.Derivative<D1>(y => D2.Constant(x) + y, D1.One);

    // The same, with x entering through the implicit conversion instead of an explicit Constant.
    private static D1 InnerDerivativeImplicit(D1 x) => ForwardMode.Derivative<D1>(y => x + y, D1.One);

    private static double PerturbationConfusionExample() => ForwardMode.Derivative<double>(x => x * InnerDerivative(x), 1.0);

    [Fact]
    public void Perturbation_confusion_example_of_Siskind_and_Pearlmutter_gives_1()
    {
        Assert.Equal(1.0, PerturbationConfusionExample());
        Assert.Equal(1.0, ForwardMode.Derivative<double>(x => x * InnerDerivativeImplicit(x), 1.0));
    }

    [Fact]
    public void Inner_derivative_is_the_constant_1_with_no_outer_perturbation_leaking_in()
    {
        // d/dy (x + y) = 1 whatever x is, so its own derivative in x must be 0: that is what keeps the answer 1, not 2.
        var inner = InnerDerivative(D1.Variable(1.0));
        Assert.Equal(1.0, inner.Value);
        Assert.Equal(0.0, inner.Tangent);
    }

    [Fact]
    public void Sharing_one_epsilon_between_levels_is_what_gives_the_wrong_answer_2()
    {
        // What an untagged implementation computes: the inner pass seeds y with the same ε that x already carries, so
        // d/dε (x + y) counts x's perturbation too and returns 2, and the outer derivative of x · 2 is 2.
        var x = D1.Variable(1.0);
        var confusedInner = (x + D1.Variable(1.0)).Tangent;
        Assert.Equal(2.0, confusedInner);
        Assert.Equal(2.0, (x * confusedInner).Tangent);
        Assert.NotEqual(confusedInner, InnerDerivative(x).Value);
    }

    [Fact]
    public void Perturbation_confusion_example_gives_exactly_1_on_8_threads_at_once()
    {
        const int Threads = 8;
        const int Iterations = 20_000;
        var wrong = 0;
        var ran = 0;
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, _ =>
        {
            for (var i = 0; i < Iterations; i++)
            {
                if (PerturbationConfusionExample() != 1.0) Interlocked.Increment(ref wrong);
                Interlocked.Increment(ref ran);
            }
        });
        Assert.Equal(Threads * Iterations, ran);
        Assert.Equal(0, wrong);
    }

    // g(x) = sin(3x² + 1): g' = 6x cos(3x² + 1), g'' = 6 cos(3x² + 1) - 36x² sin(3x² + 1).
    private static T G<T>(T x) where T : IFloatingPointIeee754<T> => T.Sin(T.CreateChecked(3) * x * x + T.One);

    [Theory]
    [InlineData(-1.3)]
    [InlineData(0.0)]
    [InlineData(0.4)]
    [InlineData(2.0)]
    public void Second_derivative_of_sin_3x2_plus_1_matches_its_closed_form(double x)
    {
        var u = 3 * x * x + 1;
        var cosTerm = 6 * Math.Cos(u);
        var sinTerm = 36 * x * x * Math.Sin(u);
        var expected = cosTerm - sinTerm;
        // Relative to |6 cos u| + |36x² sin u|: the two terms may cancel, and each carries a relative error of a few
        // 1e-16 from sin, cos and the rounding of u (computed the same way in both), so 1e-13 leaves 100x headroom.
        var scale = Math.Abs(cosTerm) + Math.Abs(sinTerm);

        var seeded = ForwardMode.SecondDerivative<double>(G, x);
        Near.Relative(expected, seeded, 1e-13, $"g''({x}) by SecondDerivative", scale);

        var nested = ForwardMode.Derivative<double>(outer => ForwardMode.Derivative<D1>(G, outer), x);
        Near.Relative(expected, nested, 1e-13, $"g''({x}) by Derivative of Derivative", scale);

        // The first derivative rides along in the same nested number.
        var first = ForwardMode.Derivative<double>(G, x);
        Near.Relative(6 * x * Math.Cos(u), first, 1e-13, $"g'({x})");
    }

    // The rules are generic in the scalar type, so each rule differentiates itself: on Dual<Dual<double>> the rule for f'
    // is itself pushed forward, giving f''. Each line: a primitive, a point, and f'' worked out by hand.
    public static TheoryData<string, double> SecondDerivativeCases() => new()
    {
        { "sin", 0.7 }, { "exp", -1.2 }, { "log", 2.5 }, { "sqrt", 3.0 }, { "x^3", -1.5 }, { "x^2.5", 1.7 },
        { "x^-2", 0.6 }, { "tanh", 0.8 }, { "atan", 1.3 }, { "sigmoid", 0.4 }, { "1/x", -2.0 }, { "x^x", 2.0 }, { "x^x", 1.5 },
    };

    private static D2 Primitive(string name, D2 x) => name switch
    {
        "sin" => D2.Sin(x),
        "exp" => D2.Exp(x),
        "log" => D2.Log(x),
        "sqrt" => D2.Sqrt(x),
        "x^3" => D2.Pow(x, 3),
        "x^2.5" => D2.Pow(x, D2.Constant(D1.Constant(2.5))),
        "x^-2" => D2.Pow(x, -2),
        "tanh" => D2.Tanh(x),
        "atan" => D2.Atan(x),
        "sigmoid" => D2.Sigmoid(x),
        "1/x" => D2.One / x,
        "x^x" => D2.Pow(x, x), // the exponent varies at both levels, even where its value is an integer
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static double SecondDerivativeByHand(string name, double x) => name switch
    {
        "sin" => -Math.Sin(x),
        "exp" => Math.Exp(x),
        "log" => -1 / (x * x),
        "sqrt" => -0.25 * Math.Pow(x, -1.5),
        "x^3" => 6 * x,
        "x^2.5" => 2.5 * 1.5 * Math.Sqrt(x),
        "x^-2" => 6 / (x * x * x * x),
        "tanh" => -2 * Math.Tanh(x) / (Math.Cosh(x) * Math.Cosh(x)),
        "atan" => -2 * x / ((1 + x * x) * (1 + x * x)),
        "sigmoid" => Sigma(x) * (1 - Sigma(x)) * (1 - 2 * Sigma(x)),
        "1/x" => 2 / (x * x * x),
        "x^x" => Math.Pow(x, x) * (Math.Log(x) + 1) * (Math.Log(x) + 1) + Math.Pow(x, x - 1),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static double Sigma(double x) => 1 / (1 + Math.Exp(-x));

    [Theory]
    [MemberData(nameof(SecondDerivativeCases))]
    public void Second_derivative_of_a_primitive_matches_its_closed_form(string name, double x)
    {
        var nested = ForwardMode.SecondDerivative<double>(v => Primitive(name, v), x);
        // A few roundings on each side (the rule applied to its own derivative vs the hand formula): 1e-13 relative.
        Near.Relative(SecondDerivativeByHand(name, x), nested, 1e-13, $"({name})'' at {x}");
    }

    // p(x) = 2x⁵ - 3x⁴ + x³ - 7x + 4: p' = 10x⁴ - 12x³ + 3x² - 7, p'' = 40x³ - 36x² + 6x, p''' = 120x² - 72x + 6.
    private static T P<T>(T x) where T : IFloatingPointIeee754<T>
    {
        var x2 = x * x;
        var x3 = x2 * x;
        var x4 = x2 * x2;
        return T.CreateChecked(2) * x4 * x - T.CreateChecked(3) * x4 + x3 - T.CreateChecked(7) * x + T.CreateChecked(4);
    }

    [Theory]
    [InlineData(-1.5)]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(2.0)]
    public void Third_derivative_of_a_polynomial_by_three_nested_levels_is_exact(double x)
    {
        // Exact: at these points (small dyadic numbers) every product and sum of the polynomial and of its derivative
        // parts is a dyadic rational with few significant bits, so float64 holds it without rounding.
        var p = 2 * x * x * x * x * x - 3 * x * x * x * x + x * x * x - 7 * x + 4;
        var p1 = 10 * x * x * x * x - 12 * x * x * x + 3 * x * x - 7;
        var p2 = 40 * x * x * x - 36 * x * x + 6 * x;
        var p3 = 120 * x * x - 72 * x + 6;

        // Seed x + ε₁ + ε₂ + ε₃: the coefficient of ε₁ε₂ε₃ is p'''(x), of ε₁ε₂ p''(x), of each εᵢ p'(x).
        var seed = new D3(new D2(D1.Variable(x), D1.One), D2.One);
        var y = P(seed);
        Assert.Equal(p, y.Value.Value.Value);
        Assert.Equal(p1, y.Value.Value.Tangent);
        Assert.Equal(p1, y.Value.Tangent.Value);
        Assert.Equal(p1, y.Tangent.Value.Value);
        Assert.Equal(p2, y.Value.Tangent.Tangent);
        Assert.Equal(p2, y.Tangent.Tangent.Value);
        Assert.Equal(p3, y.Tangent.Tangent.Tangent);

        // The same by composing the one-level Derivative three times.
        var composed = ForwardMode.Derivative<double>(a => ForwardMode.Derivative<D1>(b => ForwardMode.Derivative<D2>(P, b), a), x);
        Assert.Equal(p3, composed);
    }
}
