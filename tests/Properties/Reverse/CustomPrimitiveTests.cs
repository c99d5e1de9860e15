// Lesson: a pullback is a closure. A primitive is defined by its value and its backward step: given the output's
// adjoint, add ∂out/∂inputᵢ · adjoint into each input (PyTorch's autograd.Function.backward). A user-written pullback
// takes part in the chain rule exactly like a built-in one, so it must give the gradient of the built-in composition.
using DualGrad.Reverse;

namespace DualGrad.Properties.Reverse;

public sealed class CustomPrimitiveTests
{
    // softsign(x) = x / (1 + |x|), with the hand pullback x̄ += ȳ / (1 + |x|)².
    private static Var<double> Softsign(Var<double> x)
    {
        var value = x.Value / (1 + Math.Abs(x.Value));
        if (x.Tape is not { } tape) return value;
        var scale = 1 / ((1 + Math.Abs(x.Value)) * (1 + Math.Abs(x.Value)));
        return tape.Custom("softsign", [x], value, (g, slots) => slots[0] += g * scale);
    }

    private static Var<double> SoftsignBuiltIn(Var<double> x) => x / (1 + Var<double>.Abs(x));

    // log(eᵃ + eᵇ), stably: m + log(e^(a-m) + e^(b-m)) with m = max(a, b); the pullback sends ȳ·softmax to each input.
    private static Var<double> LogSumExp(Var<double> a, Var<double> b)
    {
        var m = Math.Max(a.Value, b.Value);
        double ea = Math.Exp(a.Value - m), eb = Math.Exp(b.Value - m);
        var value = m + Math.Log(ea + eb);
        double pa = ea / (ea + eb), pb = eb / (ea + eb);
        var tape = a.Tape ?? b.Tape;
        if (tape is null) return value;
        return tape.Custom("logsumexp", [a, b], value, (g, slots) =>
        {
            slots[0] += g * pa;
            slots[1] += g * pb;
        });
    }

    private static Var<double> LogSumExpBuiltIn(Var<double> a, Var<double> b) => Var<double>.Log(Var<double>.Exp(a) + Var<double>.Exp(b));

    [Theory]
    [InlineData(-3.0)]
    [InlineData(-0.5)]
    [InlineData(0.0)]
    [InlineData(0.25)]
    [InlineData(4.0)]
    public void Softsign_with_a_hand_pullback_equals_the_built_in_composition(double x)
    {
        var custom = new double[1];
        var builtIn = new double[1];
        var vc = ReverseMode.ValueAndGradient<double>(v => Softsign(v[0]), [x], custom);
        var vb = ReverseMode.ValueAndGradient<double>(v => SoftsignBuiltIn(v[0]), [x], builtIn);
        Precision.WithinUlps(vb, vc, 1, $"softsign({x})");
        // Built-in: ∂/∂x [x·(1+|x|)⁻¹] = 1/(1+|x|) - x·sign(x)/(1+|x|)², two roundings apart from the hand 1/(1+|x|)².
        Precision.Relative(builtIn[0], custom[0], 1e-15, $"softsign'({x})");
    }

    // Inside a larger function, with fan-out through the custom step and a constant argument on one call.
    [Theory]
    [InlineData(0.5, -1.25)]
    [InlineData(3.0, 2.0)]
    [InlineData(-20.0, 15.0)]
    public void Log_sum_exp_with_a_hand_pullback_equals_the_built_in_composition(double x0, double x1)
    {
        static Var<double> F(ReadOnlySpan<Var<double>> x, Func<Var<double>, Var<double>, Var<double>> lse)
        {
            var s = lse(x[0] * x[1], Var<double>.Sin(x[0]));
            return s * x[1] + s * s + lse(x[1], 0.5);   // s used three times; 0.5 is a constant argument
        }

        var custom = new double[2];
        var builtIn = new double[2];
        var vc = ReverseMode.ValueAndGradient<double>(x => F(x, LogSumExp), [x0, x1], custom);
        var vb = ReverseMode.ValueAndGradient<double>(x => F(x, LogSumExpBuiltIn), [x0, x1], builtIn);
        // The stable and the naive formulas round differently (a few ulps of log and exp, amplified by at most |s|·|x|).
        Precision.Relative(vb, vc, 1e-13, "value");
        for (var i = 0; i < 2; i++) Precision.Relative(builtIn[i], custom[i], 1e-13, $"∂/∂x{i}");
    }

    [Fact]
    public void A_custom_step_is_named_on_the_tape_and_its_inputs_can_be_constants()
    {
        var tape = new Tape<double>();
        var x = tape.Variable(2);
        var y = LogSumExp(Var<double>.Constant(1), x);   // first input constant: its slot is dropped
        Assert.Equal("logsumexp", tape.PrimitiveName(y.Index));
        var adjoints = new double[tape.Count];
        tape.Backward(y, 1.0, adjoints);
        Precision.Relative(Math.Exp(2) / (Math.Exp(1) + Math.Exp(2)), adjoints[x.Index], 1e-15, "∂ lse(1, x)/∂x");
    }

    [Fact]
    public void The_pullback_receives_the_summed_adjoint_and_a_zeroed_slot_per_input()
    {
        var tape = new Tape<double>();
        var a = tape.Variable(1);
        var b = tape.Variable(2);
        double[]? seen = null;
        var received = 0.0;
        var p = tape.Custom("probe", [a, b, a], 0, (g, slots) =>
        {
            received = g;
            seen = slots.ToArray();
            slots[0] += 1;
            slots[1] += 10;
            slots[2] += 100;
        });
        var y = 3 * p + 4 * p;
        var adjoints = new double[tape.Count];
        tape.Backward(y, 1.0, adjoints);
        Assert.Equal(7, received);
        Assert.Equal(new double[3], seen);
        Assert.Equal(101, adjoints[a.Index]);   // a appears twice among the inputs: both slots reach it
        Assert.Equal(10, adjoints[b.Index]);
    }

    [Fact]
    public void A_null_pullback_is_refused()
    {
        var tape = new Tape<double>();
        var x = tape.Variable(1);
        var e = Assert.Throws<ArgumentNullException>(() => tape.Custom("none", [x], 1, null!));
        Assert.Equal("pullback", e.ParamName);
    }
}
