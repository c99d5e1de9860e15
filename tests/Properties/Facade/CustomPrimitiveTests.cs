// Lesson: a primitive is just a value and a local derivative. Defining softsign once through IUnaryRule must give the
// same derivatives as composing it from built-ins (x / (1 + |x|)) in forward, reverse and nested (second-order) modes;
// stop-gradient is the custom primitive whose local derivative is 0.
using System.Numerics;
using DualGrad.Forward;

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
