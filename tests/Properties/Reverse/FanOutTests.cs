// Lesson: fan-out sums (micrograd's bug). When a value feeds k later steps, its adjoint is the sum of the k
// contributions pulled back along those edges (the multivariable chain rule), and every recorded step pulls back
// exactly once: a backpropagator that re-visits shared parents double-counts, or takes time exponential in depth.
using System.Diagnostics;
using DualGrad.Forward;
using DualGrad.Reverse;

namespace DualGrad.Properties.Reverse;

public sealed class FanOutTests
{
    [Fact]
    public void A_value_added_to_itself_has_adjoint_two()
    {
        var tape = new Tape<double>();
        var a = tape.Variable(3);
        var b = a + a;
        var adjoints = new double[tape.Count];
        tape.Backward(b, 1.0, adjoints);
        Assert.Equal(2, adjoints[a.Index]);
    }

    // x·x is recorded as one step (Primitive.Square) whose single partial is the product's two partials summed, x + x:
    // the fan-out's sum is taken once, when recording, instead of by two pullbacks into the same adjoint.
    [Theory]
    [InlineData(-3.5)]
    [InlineData(0)]
    [InlineData(0.1)]
    [InlineData(7)]
    public void A_square_written_as_a_product_has_derivative_two_x(double x)
    {
        var g = ReverseMode.Gradient<double>(v => v[0] * v[0], [x]);
        Assert.Equal(2 * x, g[0]);
    }

    // A value used k times: a sum of k copies has derivative k; a product of k copies has derivative k·x^(k-1);
    // k copies of sin x have derivative k·cos x. All three must see every one of the k uses.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(100)]
    public void A_value_used_k_times_receives_all_k_contributions(int k)
    {
        var sum = ReverseMode.Gradient<double>(v =>
        {
            var s = v[0];
            for (var i = 1; i < k; i++) s += v[0];
            return s;
        }, [0.75]);
        Assert.Equal(k, sum[0]);

        const double x = 1.0625;   // a short binary fraction: x^(k-1) and k·x^(k-1) round the same way in both formulas
        var product = ReverseMode.Gradient<double>(v =>
        {
            var p = v[0];
            for (var i = 1; i < k; i++) p *= v[0];
            return p;
        }, [x]);
        var forwardProduct = ForwardMode.Derivative(v =>
        {
            var p = v;
            for (var i = 1; i < k; i++) p *= v;
            return p;
        }, x);
        Precision.Relative(k * Math.Pow(x, k - 1), product[0], 1e-13, $"d/dx x^{k} by {k - 1} products");
        Precision.Relative(forwardProduct, product[0], 1e-13, $"d/dx x^{k}, reverse vs forward");

        var sines = ReverseMode.Gradient<double>(v =>
        {
            var s = Var<double>.Sin(v[0]);
            var total = s;
            for (var i = 1; i < k; i++) total += s;   // one sin node, used k times
            return total;
        }, [0.5]);
        Precision.Relative(k * Math.Cos(0.5), sines[0], 1e-15, $"d/dx of {k} uses of one sin node");
    }

    [Fact]
    public void A_diamond_sums_both_paths()
    {
        // y = sin x feeds both y·y and y: d/dx (y² + y) = (2y + 1) cos x.
        foreach (var x in new[] { -1.0, 0.0, 0.4, 2.0 })
        {
            var g = ReverseMode.Gradient<double>(v =>
            {
                var y = Var<double>.Sin(v[0]);
                return y * y + y;
            }, [x]);
            Precision.Relative((2 * Math.Sin(x) + 1) * Math.Cos(x), g[0], 1e-15, $"diamond at {x}");
        }
    }

    // x_{k+1} = x_k·x_k + x_k for 60 steps: each x_k is used three times (twice in the product, once in the sum),
    // so a backpropagator that re-walks shared parents would take about 3^60 steps. From x₀ = 0.01 the sequence stays
    // near 1/(1/x₀ - k), ending at about 0.0245, so value and derivative are finite and far from underflow.
    private const int Steps = 60;
    private const double X0 = 0.01;

    private static T Recurrence<T>(T x, int steps) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        for (var k = 0; k < steps; k++) x = x * x + x;
        return x;
    }

    [Fact]
    public async Task Recurrence_x_squared_plus_x_for_60_steps_matches_forward_mode_in_linear_time()
    {
        var tape = new Tape<double>();
        var gradient = new double[1];
        var stopwatch = Stopwatch.StartNew();
        // An exponential backward pass would never return: give up after 10 s (TimeoutException) instead of hanging.
        var result = await Task.Run(() => tape.ValueAndGradient(v => Recurrence(v[0], Steps), [X0], gradient)).WaitAsync(TimeSpan.FromSeconds(10));
        stopwatch.Stop();
        var (value, derivative) = ForwardMode.ValueAndDerivative(v => Recurrence(v, Steps), X0);

        Assert.Equal(value, result);
        // Both modes multiply the same 60 factors (2x_k + 1), forward from the first, reverse from the last; each
        // step rounds at most a few times, so they differ by at most ~60·3·ε ≈ 4e-14 relative.
        Precision.Relative(derivative, gradient[0], 1e-13, "d x_60 / d x_0");
        var byHand = 1.0;
        var xk = X0;
        for (var k = 0; k < Steps; k++) { byHand *= 2 * xk + 1; xk = xk * xk + xk; }
        Precision.Relative(byHand, gradient[0], 1e-13, "∏(2x_k + 1)");
        // One input, then one product step and one sum step per iteration: exactly linear in the number of steps.
        Assert.Equal(1 + 2 * Steps, tape.Count);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(60)]
    [InlineData(1000)]
    public void Recurrence_records_two_steps_per_iteration_and_visits_each_step_once(int steps)
    {
        var tape = new Tape<double>();
        var x = tape.Variable(1e-4);
        var y = Recurrence(x, steps);
        Assert.Equal(1 + 2 * steps, tape.Count);
        var visits = new int[tape.Count];
        var adjoints = new double[tape.Count];
        tape.Accumulate(y.Index, 1.0, adjoints, (node, _) => visits[node]++);
        Assert.All(visits, v => Assert.Equal(1, v));
    }

    // A custom primitive whose pullback counts its calls: however many times its output is used downstream,
    // the pullback runs once, with the summed adjoint.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void Each_pullback_runs_exactly_once_however_often_its_output_is_used(int uses)
    {
        var calls = 0;
        var received = 0.0;
        var tape = new Tape<double>();
        var x = tape.Variable(3);
        var cube = tape.Custom("cube", [x], 27, (g, slots) =>
        {
            calls++;
            received = g;
            slots[0] += 27 * g;   // d(x³)/dx = 3x² = 27 at x = 3
        });
        var total = cube;
        for (var i = 1; i < uses; i++) total += cube;
        var adjoints = new double[tape.Count];
        tape.Backward(total, 1.0, adjoints);
        Assert.Equal(1, calls);
        Assert.Equal(uses, received);
        Assert.Equal(27 * uses, adjoints[x.Index]);
    }

    [Fact]
    public void A_chain_of_custom_steps_runs_each_pullback_once()
    {
        const int length = 500;
        var calls = new int[length];
        var tape = new Tape<double>();
        var x = tape.Variable(2);
        var y = x;
        for (var i = 0; i < length; i++)
        {
            var step = i;
            // y ↦ y + y·0 + ... as a custom identity whose pullback passes the adjoint through, used twice below.
            var id = tape.Custom($"id{i}", [y], y.Value, (g, slots) => { calls[step]++; slots[0] += g; });
            y = id * 0.5 + id * 0.5;
        }
        var adjoints = new double[tape.Count];
        tape.Backward(y, 1.0, adjoints);
        Assert.All(calls, c => Assert.Equal(1, c));
        Assert.Equal(1.0, adjoints[x.Index]);
    }

    // The flip side of running each step once: a step off every path to the output gets adjoint 0, and its pullback
    // is skipped rather than called with 0.
    [Fact]
    public void A_step_that_does_not_reach_the_output_is_not_pulled_back()
    {
        var calls = 0;
        var tape = new Tape<double>();
        var x = tape.Variable(1.5);
        _ = tape.Custom("dead", [x], 0, (g, slots) => calls++);
        var y = x * x;
        var adjoints = new double[tape.Count];
        tape.Backward(y, 1.0, adjoints);
        Assert.Equal(0, calls);
        Assert.Equal(3, adjoints[x.Index]);
    }
}
