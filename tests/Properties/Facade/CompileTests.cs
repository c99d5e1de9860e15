// Lesson: the facade's compiled gradient is the reverse gradient, recorded once and replayed: the same numbers as
// AD.ValueAndGradient at every point where f takes the same branches, and a loud refusal where it cannot be replayed.
using System.Numerics;
using DualGrad.Forward;
using DualGrad.Reverse;

namespace DualGrad.Properties.Facade;

public class CompileTests
{
    private sealed class SoftsignSum : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T> => new Softsign().Apply(x[0]) + x[1];
    }

    [Fact]
    public void A_compiled_gradient_equals_the_reverse_gradient_at_new_points()
    {
        var compiled = AD.Compile(new Powell(), [3.0, -1, 0, 1]);
        var workspace = compiled.CreateWorkspace();
        var g = new double[4];
        for (var i = 0; i < 50; i++)
        {
            double[] x = [Math.Sin(i), Math.Cos(2 * i), 0.1 * i - 2, 1.5 - 0.05 * i];
            var (value, gradient) = AD.ValueAndGradient(new Powell(), x, Mode.Reverse);
            Assert.Equal(value, compiled.ValueAndGradient(x, g, workspace));
            Assert.Equal(gradient, g);   // the same steps and rules in the same order: bit for bit
        }
    }

    [Fact]
    public void Compile_refuses_what_it_cannot_replay()
    {
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => AD.Compile(null!, [1.0])).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => AD.Compile(new Powell(), [])).ParamName);
        Assert.Contains("x[2]", Assert.Throws<ArgumentException>(() => AD.Compile(new Powell(), [1.0, 2, double.NaN, 4])).Message);
        Assert.Contains("custom primitive", Assert.Throws<NotSupportedException>(() => AD.Compile(new SoftsignSum(), [1.0, 2])).Message);
        Assert.Equal("maxCompiledSteps", Assert.Throws<ArgumentOutOfRangeException>(() => AD.Compile(new Powell(), [1.0, 2, 3, 4], -5)).ParamName);
    }
}
