// Lesson: an optimiser state is a plain value, so anyone can build one, including one that does not fit. Each optimiser
// reads its own parts of the state (momentum its velocity, Adam both moments and the step count); a state from another
// optimiser, of another length, or a default one is refused naming the state and what is wrong, never an index or
// null error from inside the step.

namespace DualGrad.Properties.Facade;

public class OptimiserStateTests
{
    private static readonly double[] G = [1, -2, 3];
    private static readonly OptimizerState Start = OptimizerState.At([0.5, 1, -1]);

    [Fact]
    public void Adam_refuses_a_momentum_state()
    {
        var momentum = new Momentum(0.1).Step(Start, G);   // a velocity and no second moment
        AssertRefused(() => new Adam().Step(momentum, G), "SecondMoment");
        var adam = new Adam().Step(Start, G);
        AssertRefused(() => new Momentum(0.1).Step(adam, G), "SecondMoment");
        AssertRefused(() => new Adam().Step(adam with { Velocity = [] }, G), "first moment");
    }

    [Fact]
    public void A_moment_of_the_wrong_length_is_refused()
    {
        AssertRefused(() => new Momentum(0.1).Step(Start with { Velocity = [1.0, 2] }, G), "Velocity has length 2");
        var adam = new Adam().Step(Start, G);
        AssertRefused(() => new Adam().Step(adam with { SecondMoment = [1.0] }, G), "SecondMoment has length 1");
        AssertRefused(() => new Adam().Step(adam with { Velocity = [1.0, 2, 3, 4] }, G), "Velocity has length 4");
    }

    [Fact]
    public void A_default_position_or_a_negative_iteration_is_refused()
    {
        var empty = new OptimizerState(default, 0, [], []);
        foreach (IOptimizer optimizer in new IOptimizer[] { new GradientDescent(0.1), new Momentum(0.1), new Adam() })
        {
            AssertRefused(() => optimizer.Step(empty, G), "Position");
            AssertRefused(() => optimizer.Step(Start with { Iteration = -1 }, G), "Iteration");
            // The counter cannot count one more step (Adam's bias correction would see a negative t).
            AssertRefused(() => optimizer.Step(Start with { Iteration = int.MaxValue }, G), "one more step cannot be counted");
        }
    }

    [Fact]
    public void Adam_refuses_fresh_moments_at_a_later_iteration()
    {
        // Adam's bias correction 1 − βᵗ counts its own steps: a gradient-descent state after 5 steps would be corrected
        // as if Adam had taken them.
        var descended = new GradientDescent(0.1).Step(Start, G);
        AssertRefused(() => new Adam().Step(descended, G), "Iteration 1");
    }

    [Fact]
    public void Default_moments_count_as_empty_and_fitting_states_still_step()
    {
        // The record's own default for an unused moment: treated like [] (the first step), as before.
        var bare = new OptimizerState(Start.Position, 0, default, default);
        Assert.Equal(new Adam().Step(Start, G).Position.ToArray(), new Adam().Step(bare, G).Position.ToArray());
        Assert.Equal(new Momentum(0.1).Step(Start, G).Position.ToArray(), new Momentum(0.1).Step(bare, G).Position.ToArray());
        // Gradient descent reads only the position, so it carries another optimiser's moments through unchanged.
        var adam = new Adam().Step(Start, G);
        Assert.Equal(adam.SecondMoment.ToArray(), new GradientDescent(0.1).Step(adam, G).SecondMoment.ToArray());
    }

    [Fact]
    public void Minimize_names_a_custom_optimiser_that_returns_no_state()
    {
        var e = Assert.Throws<ArgumentException>(() => AD.Minimize(new Powell(), [3.0, -1, 0, 1], new Returns(k => null)));
        Assert.Equal("optimizer", e.ParamName);
        Assert.Contains("returned null at iteration 0", e.Message);
        var wrong = Assert.Throws<ArgumentException>(() => AD.Minimize(new Powell(), [3.0, -1, 0, 1],
            new Returns(k => k == 0 ? OptimizerState.At([1.0, 2]) : null)));
        Assert.Equal("optimizer", wrong.ParamName);
        Assert.Contains("length 2 at iteration 0", wrong.Message);
        var none = Assert.Throws<ArgumentException>(() => AD.Minimize(new Powell(), [3.0, -1, 0, 1],
            new Returns(k => new OptimizerState(default, 1, [], []))));
        Assert.Contains("no array", none.Message);
    }

    /// <summary>A custom optimiser returning whatever <paramref name="next"/> gives for the step count.</summary>
    private sealed class Returns(Func<int, OptimizerState?> next) : IOptimizer
    {
        public OptimizerState Step(OptimizerState state, ReadOnlySpan<double> gradient) => next(state.Iteration)!;
    }

    private static void AssertRefused(Action step, string problem)
    {
        var e = Assert.Throws<ArgumentException>(step);
        Assert.Equal("state", e.ParamName);
        Assert.Contains(problem, e.Message);
    }
}
