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

    // The notebook's momentum run, on a compiled recording: the same iterates as with reverse-mode gradients, bit for
    // bit (the same steps, rules and order), and the final value by Value alone.
    [Fact]
    public void Minimize_on_a_compiled_recording_takes_the_reverse_mode_path_exactly()
    {
        double[] start = [3, -1, 0, 1];
        var options = new MinimizeOptions { MaxIterations = 100, Mode = Mode.Reverse };
        var optimizer = new Momentum(LearningRate: 1e-3, Mu: 0.9);
        var byTape = AD.Minimize(new Powell(), start, optimizer, options);
        var steps = new List<double>();
        var compiled = AD.Minimize(AD.Compile(new Powell(), start), start, optimizer, options, onStep: s => steps.Add(s.Value));
        Assert.Equal(byTape.State.Position.ToArray(), compiled.State.Position.ToArray());
        Assert.Equal(byTape.Value, compiled.Value);
        Assert.Equal(byTape.Reason, compiled.Reason);
        Assert.Equal(100, steps.Count);
        Assert.Equal(215, steps[0]);
        Assert.Equal(NotebookValue(compiled.State.Position.AsSpan()), compiled.Value);
        var recording = AD.Compile(new Powell(), start);
        Assert.Equal("start", Assert.Throws<ArgumentException>(() => AD.Minimize(recording, [1.0, 2], optimizer)).ParamName);
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => AD.Minimize((CompiledRecording<double>)null!, start, optimizer)).ParamName);
    }

    private static double NotebookValue(ReadOnlySpan<double> x) => new Powell().Invoke(x);

    [Fact]
    public void Value_alone_equals_the_value_of_ValueAndGradient()
    {
        var compiled = AD.Compile(new Powell(), [3.0, -1, 0, 1]);
        var workspace = compiled.CreateWorkspace();
        var g = new double[4];
        Assert.Equal(215, compiled.Value([3.0, -1, 0, 1], workspace));
        Assert.Equal(compiled.ValueAndGradient([1.0, 2, 3, 4], g, workspace), compiled.Value([1.0, 2, 3, 4]));
        // Value leaves the workspace fit for the next gradient.
        Assert.Equal(5352, compiled.Value([1.0, 2, 3, 4], workspace));
        compiled.ValueAndGradient([1.0, 2, 3, 4], g, workspace);
        Assert.Equal([-1038.0, 2468, 4086, 1090], g);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => compiled.Value([1.0, 2])).ParamName);
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
