// Lesson: choosing what the chain rule reaches. A stop-gradient cuts an edge of the graph (the value flows forward,
// no adjoint flows back); an input the output does not depend on receives no contribution, so its adjoint stays 0;
// a partial gradient records only the selected inputs. And where a local partial is infinite, a zero adjoint still
// contributes nothing (0·∞ must not become NaN), while a real NaN is traced to the step that made it.
using DualGrad.Forward;
using DualGrad.Properties.Notebook;
using DualGrad.Reverse;

namespace DualGrad.Properties.Reverse;

public sealed class StopGradientAndSelectionTests
{
    [Theory]
    [InlineData(-2.0)]
    [InlineData(0.0)]
    [InlineData(1.5)]
    public void Stop_gradient_blocks_flow_so_d_dx_of_x_times_stop_x_is_x(double x)
    {
        var g = ReverseMode.Gradient<double>(v => v[0] * Var<double>.StopGradient(v[0]), [x]);
        Assert.Equal(x, g[0]);
        // Without the stop the same product has derivative 2x.
        Assert.Equal(2 * x, ReverseMode.Gradient<double>(v => v[0] * v[0], [x])[0]);
    }

    [Fact]
    public void Stop_gradient_of_a_whole_subexpression()
    {
        // d/dx [sin x · stop(sin x)] = cos x · sin x: only the first factor is differentiated.
        foreach (var x in new[] { -1.0, 0.3, 2.0 })
        {
            var g = ReverseMode.Gradient<double>(v =>
            {
                var s = Var<double>.Sin(v[0]);
                return s * Var<double>.StopGradient(s);
            }, [x]);
            Precision.Relative(Math.Cos(x) * Math.Sin(x), g[0], 1e-15, $"at {x}");
        }
        var stopped = Var<double>.StopGradient(new Tape<double>().Variable(4));
        Assert.True(stopped.IsConstant);
        Assert.Equal(4, stopped.Value);
    }

    [Fact]
    public void An_input_the_function_ignores_gets_exactly_zero()
    {
        var g = ReverseMode.Gradient<double>(x => x[0] * x[2] + Var<double>.Sqrt(x[2]), [2.0, double.PositiveInfinity, 4.0]);
        Assert.Equal(0.0, g[1]);
        Assert.Equal(4.0, g[0]);
        Assert.Equal(2.25, g[2]);
        // A function that ignores every input: a constant output, all zeros.
        double[] all = [double.NaN, double.NaN];
        Assert.Equal(7, ReverseMode.ValueAndGradient<double>(_ => 7.0, [1.0, 2.0], all));
        Assert.Equal([0.0, 0.0], all);
    }

    [Fact]
    public void Partial_gradient_for_selected_inputs_in_any_order()
    {
        double[] x = [3, -1, 0, 1];
        var g = new double[2];
        var f = ReverseMode.ValueAndPartialGradient<double>(NotebookFunctions.Powell, x, [3, 0], g);
        Assert.Equal(215, f);
        Assert.Equal([-310.0, 306.0], g);
        var one = new double[1];
        ReverseMode.ValueAndPartialGradient<double>(NotebookFunctions.Powell, x, [2], one);
        Assert.Equal(-18, one[0]);
    }

    // The unselected inputs are constants: not recorded, and a stop-gradient-like cut for them.
    [Fact]
    public void Unselected_inputs_are_constants_inside_the_function()
    {
        var seen = new bool[3];
        var g = new double[1];
        ReverseMode.ValueAndPartialGradient<double>(x =>
        {
            for (var i = 0; i < 3; i++) seen[i] = x[i].IsConstant;
            return x[0] * x[1] * x[2];
        }, [2.0, 3.0, 5.0], [1], g);
        Assert.Equal([true, false, true], seen);
        Assert.Equal(10, g[0]);
    }

    [Fact]
    public void Every_entry_point_rejects_bad_arguments_naming_the_parameter()
    {
        ScalarFunc<Var<double>> f = x => x[0];
        VectorFunc<Var<double>> vf = (x, y) => y[0] = x[0];
        double[] x1 = [1.0];
        double[] x2 = [1.0, 2.0];

        AssertArgument<ArgumentException>("x", () => ReverseMode.Gradient(f, []));
        AssertArgument<ArgumentException>("x", () => ReverseMode.ValueAndGradient(f, [], []));
        AssertArgument<ArgumentException>("x", () => ReverseMode.ValueAndPartialGradient(f, [], [0], new double[1]));
        AssertArgument<ArgumentException>("x", () => ReverseMode.Vjp(vf, [], [1.0], new double[1], []));
        AssertArgument<ArgumentException>("x", () => ReverseMode.Jacobian(vf, [], 1));
        AssertArgument<ArgumentException>("x", () => new Tape<double>().ValueAndGradient(f, [], []));

        AssertArgument<ArgumentException>("gradient", () => ReverseMode.ValueAndGradient(f, x2, new double[1]));
        AssertArgument<ArgumentException>("gradient", () => new Tape<double>().ValueAndGradient(f, x2, new double[3]));
        AssertArgument<ArgumentException>("gradient", () => ReverseMode.ValueAndPartialGradient(f, x2, [0], new double[2]));

        AssertArgument<ArgumentException>("wrt", () => ReverseMode.ValueAndPartialGradient(f, x2, [1, 1], new double[2]));
        AssertArgument<ArgumentException>("wrt", () => ReverseMode.ValueAndPartialGradient(f, x2, [], []));
        AssertArgument<ArgumentOutOfRangeException>("wrt", () => ReverseMode.ValueAndPartialGradient(f, x2, [2], new double[1]));
        AssertArgument<ArgumentOutOfRangeException>("wrt", () => ReverseMode.ValueAndPartialGradient(f, x2, [-1], new double[1]));

        AssertArgument<ArgumentException>("u", () => ReverseMode.Vjp(vf, x1, [1.0, 2.0], new double[1], new double[1]));
        AssertArgument<ArgumentException>("vjp", () => ReverseMode.Vjp(vf, x1, [1.0], new double[1], new double[2]));
        AssertArgument<ArgumentOutOfRangeException>("m", () => ReverseMode.Jacobian(vf, x1, 0));

        AssertArgument<ArgumentNullException>("f", () => ReverseMode.Gradient<double>(null!, x1));
        AssertArgument<ArgumentNullException>("f", () => ReverseMode.ValueAndGradient<double>(null!, x1, new double[1]));
        AssertArgument<ArgumentNullException>("f", () => ReverseMode.ValueAndPartialGradient<double>(null!, x1, [0], new double[1]));
        AssertArgument<ArgumentNullException>("f", () => ReverseMode.Vjp<double>(null!, x1, [1.0], new double[1], new double[1]));
        AssertArgument<ArgumentNullException>("f", () => ReverseMode.Jacobian<double>(null!, x1, 1));
        AssertArgument<ArgumentNullException>("f", () => new Tape<double>().ValueAndGradient(null!, x1, new double[1]));

        var tape = new Tape<double>();
        var a = tape.Variable(1);
        var b = a * a;
        AssertArgument<ArgumentException>("adjoints", () => tape.Backward(b, 1.0, new double[1]));
        AssertArgument<ArgumentException>("seeds", () => tape.Backward([a, b], [1.0], new double[2]));
        AssertArgument<ArgumentOutOfRangeException>("capacity", () => new Tape<double>(0));
        AssertArgument<ArgumentOutOfRangeException>("node", () => tape.PrimitiveName(2));
        AssertArgument<ArgumentOutOfRangeException>("node", () => tape.PrimitiveName(-1));
    }

    private static void AssertArgument<TException>(string parameter, Action act) where TException : ArgumentException
    {
        var e = Assert.Throws<TException>(act);
        Assert.Equal(parameter, e.ParamName);
    }

    // √x at 0 has local partial +∞. Behind a zero adjoint (a product with 0, or the losing side of a Max) the step
    // contributes nothing: the gradient is 0, not 0·∞ = NaN.
    [Fact]
    public void Sqrt_at_zero_behind_a_zero_adjoint_gives_zero_not_NaN()
    {
        Assert.Equal(0.0, ReverseMode.Gradient<double>(x => Var<double>.Sqrt(x[0]) * 0.0, [0.0])[0]);

        var g = ReverseMode.Gradient<double>(x => x[1] * Var<double>.Sqrt(x[0]), [0.0, 0.0]);
        Assert.Equal([0.0, 0.0], g);

        // The unselected branch of a select: max(√x, 1) at x = 0 takes 1, so √x's adjoint is 0.
        Assert.Equal(0.0, ReverseMode.Gradient<double>(x => Var<double>.Max(Var<double>.Sqrt(x[0]), 1.0), [0.0])[0]);

        // Where the adjoint is not zero, the infinity is the honest answer.
        Assert.Equal(double.PositiveInfinity, ReverseMode.Gradient<double>(x => Var<double>.Sqrt(x[0]), [0.0])[0]);
    }

    [Fact]
    public void FirstNonFinite_points_at_the_step_that_produced_NaN_and_PrimitiveName_names_it()
    {
        var tape = new Tape<double>();
        var x = tape.Variable(1);
        var shifted = x - 5;                       // -4: finite
        var log = Var<double>.Log(shifted);        // log(-4) = NaN: the culprit
        var y = Var<double>.Exp(log * 2) + x;      // NaN propagates to every later step
        Assert.True(double.IsNaN(y.Value));
        Assert.Equal(log.Index, tape.FirstNonFinite());
        Assert.Equal("Log", tape.PrimitiveName(tape.FirstNonFinite()));
        Assert.Equal("Subtract", tape.PrimitiveName(shifted.Index));
    }

    [Fact]
    public void FirstNonFinite_finds_infinities_and_custom_steps_and_is_minus_one_when_all_is_finite()
    {
        var tape = new Tape<double>();
        var x = tape.Variable(0);
        var fine = Var<double>.Exp(x) + 1;
        Assert.Equal(-1, tape.FirstNonFinite());

        var blowUp = tape.Custom("blow-up", [fine], double.PositiveInfinity, (g, slots) => { });
        _ = Var<double>.Log(x);                    // -∞ too, but later
        Assert.Equal(blowUp.Index, tape.FirstNonFinite());
        Assert.Equal("blow-up", tape.PrimitiveName(tape.FirstNonFinite()));

        tape.Reset();
        Assert.Equal(0, tape.Count);
        Assert.Equal(-1, tape.FirstNonFinite());
    }
}
