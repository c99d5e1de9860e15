// Lesson: a step too long does not fail at once. Gradient descent with lr = 1 on Powell's function overshoots, the
// quartic term grows the gradient cubically, and within a few steps f and ∇f overflow, so the next point is infinite or
// NaN. Minimize used to pass that point to the next gradient call, which refused it as "x[0] is NaN" (a parameter
// Minimize does not have) and lost the run. Now it stops with StopReason.NonFinite and keeps the last state at which f
// and ∇f were finite.
using System.Numerics;

namespace DualGrad.Properties.Facade;

public class MinimizeNonFiniteTests
{
    [Theory]
    [InlineData(Mode.Forward)]
    [InlineData(Mode.Reverse)]
    public void A_diverging_run_stops_and_keeps_its_last_finite_state(Mode mode)
    {
        var lines = new List<IterationInfo>();
        var r = AD.Minimize(new Powell(), [3.0, -1, 0, 1], new GradientDescent(1), new MinimizeOptions { Mode = mode }, lines.Add);
        Assert.Equal(StopReason.NonFinite, r.Reason);
        // f = 215, 1.4e12, 1.2e42, 6.7e131 at the first four points (|x| grows about cubically); the fifth point is finite
        // but f there overflows, so the state kept is the fourth, where the last reported step started.
        Assert.Equal(4, lines.Count);
        var last = lines[^1];
        Assert.Equal(last.Position.ToArray(), r.State.Position.ToArray());
        Assert.Equal((last.Value, 3), (r.Value, r.State.Iteration));
        Assert.True(double.IsFinite(r.Value) && r.Value > 1e131);
        Assert.False(double.IsFinite(Powell.Value(last.Next.AsSpan())));
    }

    [Fact]
    public void A_step_out_of_the_domain_keeps_the_point_before_it()
    {
        // f = log x from 0.5 with lr 1: the step goes to 0.5 − 1/0.5 = −1.5, where log is NaN. The step is reported (its
        // end is finite), the state kept is the start.
        var lines = new List<IterationInfo>();
        var r = AD.Minimize(new Log(), [0.5], new GradientDescent(1), onStep: lines.Add);
        Assert.Equal(StopReason.NonFinite, r.Reason);
        Assert.Equal([0.5], r.State.Position.ToArray());
        Assert.Equal((Math.Log(0.5), 0), (r.Value, r.State.Iteration));
        Assert.Equal([-1.5], Assert.Single(lines).Next.ToArray());
        // The same when the budget ends on the step: the final f is NaN, so the start is kept, not reported as the answer.
        var one = AD.Minimize(new Log(), [0.5], new GradientDescent(1), new MinimizeOptions { MaxIterations = 1 });
        Assert.Equal((StopReason.NonFinite, 0.5, Math.Log(0.5)), (one.Reason, one.State.Position[0], one.Value));
    }

    [Fact]
    public void A_step_to_an_infinite_point_is_not_taken()
    {
        // f = 1e300·x: f and ∇f are finite at 1, but lr·∇f = 1e309 overflows, so the next point would be −∞.
        var steps = 0;
        var r = AD.Minimize(new Steep(), [1.0], new GradientDescent(1e9), onStep: _ => steps++);
        Assert.Equal((StopReason.NonFinite, 1.0, 1e300, 0, 0), (r.Reason, r.State.Position[0], r.Value, r.State.Iteration, steps));
    }

    [Fact]
    public void Non_finite_at_the_start_returns_the_start_with_f_as_it_came_out()
    {
        var r = AD.Minimize(new Log(), [-1.0], new GradientDescent(0.1));
        Assert.Equal((StopReason.NonFinite, -1.0), (r.Reason, r.State.Position[0]));
        Assert.True(double.IsNaN(r.Value));
        // With no steps allowed the start is still judged: f there is NaN.
        Assert.Equal(StopReason.NonFinite, AD.Minimize(new Log(), [-1.0], new GradientDescent(0.1), new MinimizeOptions { MaxIterations = 0 }).Reason);
    }

    private sealed class Log : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T> => T.Log(x[0]);
    }

    private sealed class Steep : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T> => T.CreateChecked(1e300) * x[0];
    }
}
