// Lesson: a primitive is just a value and a local derivative. Defining softsign once through IUnaryRule must give the
// same derivatives as composing it from built-ins (x / (1 + |x|)) in forward, reverse and nested (second-order) modes;
// stop-gradient is the custom primitive whose local derivative is 0.
using System.Numerics;
using DualGrad.Forward;
using DualGrad.Properties.Generators;

namespace DualGrad.Properties.Facade;

public class CustomPrimitiveTests
{
    private sealed class ViaRule(Softsign rule) : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T> => rule.Apply(x[0] * x[1]) + T.Sin(rule.Apply(x[1]));
    }

    private sealed class ViaBuiltins : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T> => Softsign.Composed(x[0] * x[1]) + T.Sin(Softsign.Composed(x[1]));
    }

    // Both forms round the same quotient x/(1+|x|); the derivatives differ in order of operations (1/d² vs the quotient
    // rule (d − x·sign x)/d²), a few ulps: 1e-14 relative on values of order 1.
    [Theory]
    [InlineData(Mode.Forward, 0.7, -1.3)]
    [InlineData(Mode.Reverse, 0.7, -1.3)]
    [InlineData(Mode.Forward, -2.5, 0.4)]
    [InlineData(Mode.Reverse, -2.5, 0.4)]
    public void Custom_rule_equals_the_builtin_composition(Mode mode, double a, double b)
    {
        double[] x = [a, b];
        var (v1, g1) = AD.ValueAndGradient(new ViaRule(new Softsign()), x, mode);
        var (v2, g2) = AD.ValueAndGradient(new ViaBuiltins(), x, mode);
        Assert.Equal(v2, v1, 1e-15);
        for (var i = 0; i < 2; i++) Assert.Equal(g2[i], g1[i], 1e-14);
    }

    [Fact]
    public void Custom_rule_nests_second_derivative_and_Hessian()
    {
        // softsign''(x) = −2 sign(x)/(1 + |x|)³. Forward over forward and forward over reverse both use the rule's
        // generic Evaluate on a dual scalar, so the second derivative comes from differentiating the rule itself.
        foreach (var x in new[] { 0.6, -1.7 })
        {
            var expected = -2 * Math.Sign(x) / Math.Pow(1 + Math.Abs(x), 3);
            Assert.Equal(expected, AD.SecondDerivative(new OneInput(new Softsign()), x), 1e-14);
            Assert.Equal(expected, AD.Hessian(new OneInput(new Softsign()), [x])[0, 0], 1e-14);
        }
        var h1 = AD.Hessian(new ViaRule(new Softsign()), [0.7, -1.3]);
        var h2 = AD.Hessian(new ViaBuiltins(), [0.7, -1.3]);
        for (var i = 0; i < 2; i++)
            for (var j = 0; j < 2; j++) Assert.Equal(h2[i, j], h1[i, j], 1e-13);
    }

    private sealed class OneInput(Softsign rule) : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T> => rule.Apply(x[0]);
    }

    [Fact]
    public void Custom_rule_on_plain_doubles_is_its_value()
    {
        Assert.Equal(0.5, new Softsign().Apply(1.0));
        Assert.Equal(-0.75, new Softsign().Apply(-3.0));
    }

    [Theory]
    [InlineData(Mode.Forward)]
    [InlineData(Mode.Reverse)]
    public void StopGradient_passes_the_value_and_blocks_the_derivative(Mode mode)
    {
        // f = x·stop(x) + y: value x² + y, gradient [x, 1] (not [2x, 1]).
        var (value, g) = AD.ValueAndGradient(new Stopped(), [3.0, 5.0], mode);
        Assert.Equal(14, value);
        Assert.Equal([3.0, 1.0], g);
        Assert.Equal(2.5, AD.StopGradient(2.5));
    }

    private sealed class Stopped : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T> => x[0] * AD.StopGradient(x[0]) + x[1];
    }
}

// Lesson, continued: a primitive of two arguments is a value and two partials. logaddexp defined once through
// IBinaryRule must match log(eˣ + eʸ) built from primitives in every mode, send each partial to its own argument, and add
// both when one variable fills both places (fan-out through a custom step).
public class CustomBinaryRuleTests
{
    private static readonly LogAddExp Rule = LogAddExp.Instance;

    private sealed class ViaRule(LogAddExp rule) : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T> =>
            rule.Apply(x[0] * x[1], T.Sin(x[2])) + T.Cos(rule.Apply(x[2], x[0]));
    }

    private sealed class ViaBuiltins : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T> =>
            LogAddExp.Composed(x[0] * x[1], T.Sin(x[2])) + T.Cos(LogAddExp.Composed(x[2], x[0]));
    }

    // The rule computes m + log(e^(x−m) + e^(y−m)) and partials e^(x−m)/s; the composition log(eˣ + eʸ) and its chain rule
    // round differently, each within a few ulps of values and partials of order 1: 1e-14 relative.
    [Theory]
    [InlineData(Mode.Forward, 0.7, -1.3, 0.4)]
    [InlineData(Mode.Reverse, 0.7, -1.3, 0.4)]
    [InlineData(Mode.Forward, -2.5, 0.4, 1.9)]
    [InlineData(Mode.Reverse, -2.5, 0.4, 1.9)]
    public void Binary_rule_equals_the_builtin_composition(Mode mode, double a, double b, double c)
    {
        double[] x = [a, b, c];
        var (v1, g1) = AD.ValueAndGradient(new ViaRule(Rule), x, mode);
        var (v2, g2) = AD.ValueAndGradient(new ViaBuiltins(), x, mode);
        Assert.Equal(v2, v1, 1e-14);
        for (var i = 0; i < 3; i++) Assert.Equal(g2[i], g1[i], 1e-14);
    }

    [Fact]
    public void Binary_rule_nests_Hessian_and_second_derivative()
    {
        // The rule's Evaluate runs on dual numbers too, so second derivatives come from differentiating the rule itself.
        // Both Hessians are exact up to rounding in entries of order 1 (a few ulps each): 1e-13.
        var h1 = AD.Hessian(new ViaRule(Rule), [0.7, -1.3, 0.4]);
        var h2 = AD.Hessian(new ViaBuiltins(), [0.7, -1.3, 0.4]);
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 3; j++) Assert.Equal(h2[i, j], h1[i, j], 1e-13);
        // d²/dx² logaddexp(x, 2) = σ(x − 2)·(1 − σ(x − 2)), with the second argument a constant (a dual with no tangent).
        const double at = 0.5;
        var s = 1 / (1 + Math.Exp(2 - at));
        // The rule's exp, sum and quotients, differentiated twice, each round once: a few ulps of a value near 0.15.
        Assert.Equal(s * (1 - s), AD.SecondDerivative(x => Rule.Apply(x, Dual<Dual<double>>.CreateChecked(2)), at), 1e-15);
    }

    [Theory]
    [InlineData(Mode.Forward)]
    [InlineData(Mode.Reverse)]
    public void The_same_variable_in_both_places_gets_both_partials(Mode mode)
    {
        // logaddexp(x, x) = x + log 2: each partial is exactly 1/2, and only their sum 1 is right.
        var (value, g) = AD.ValueAndGradient(new Twice(), [0.3], mode);
        Assert.Equal(0.3 + Math.Log(2), value, 1e-15);   // m + log(1 + 1) against 0.3 + ln 2: one rounding each, about 1 ulp of 1
        Assert.Equal(1.0, g[0]);
    }

    private sealed class Twice : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T> => LogAddExp.Instance.Apply(x[0], x[0]);
    }

    [Theory]
    [InlineData(Mode.Forward)]
    [InlineData(Mode.Reverse)]
    public void A_constant_argument_receives_nothing_and_overflow_is_avoided(Mode mode)
    {
        // f(x) = logaddexp(x₀, 1000) + logaddexp(1000, x₁) at x = (1001, 999): the composition's e¹⁰⁰⁰ overflows to ∞,
        // the rule gives 1000 + log(e + 1) and 1000 + log(1 + e⁻¹), and ∂f/∂x₀ = σ(1), ∂f/∂x₁ = σ(−1).
        var (value, g) = AD.ValueAndGradient(new AgainstConstants(), [1001.0, 999.0], mode);
        var s = 1 / (1 + Math.Exp(-1));
        Assert.Equal(2000 + Math.Log(Math.E + 1) + Math.Log(1 + 1 / Math.E), value, 1e-12);   // 2,000 to a few ulps
        // e⁰/(e⁰ + e⁻¹) against 1/(1 + e⁻¹): a rounding or two of values below 1.
        Assert.Equal(s, g[0], 1e-15);
        Assert.Equal(1 - s, g[1], 1e-15);
        Assert.True(double.IsPositiveInfinity(LogAddExp.Composed(1001.0, 1000.0)));
    }

    private sealed class AgainstConstants : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
        {
            var k = T.CreateChecked(1000);
            return LogAddExp.Instance.Apply(x[0], k) + LogAddExp.Instance.Apply(k, x[1]);
        }
    }

    [Fact]
    public void Binary_rule_on_plain_doubles_is_its_value_and_is_named_in_traces()
    {
        Assert.Equal(Math.Log(2), Rule.Apply(0.0, 0.0), 1e-16);   // 0 + log(1 + 1): ln 2 correctly rounded, within an ulp (1.1e-16)
        var trace = AD.Trace(new ViaRule(Rule), [0.7, -1.3, 0.4]);
        Assert.Equal(2, trace.Steps.Count(s => s.Operation == "logaddexp"));
    }

    [Fact]
    public void CheckGradient_catches_a_wrong_second_partial()
    {
        // A rule whose ∂f/∂y is 10 % too large: forward and reverse both use it, so only the numerical reference disagrees.
        Assert.False(AD.CheckGradient(new ViaRule(new LogAddExp(dyFactor: 1.1)), [0.7, -1.3, 0.4]).Passed);
        Assert.True(AD.CheckGradient(new ViaRule(Rule), [0.7, -1.3, 0.4]).Passed);
    }
}
