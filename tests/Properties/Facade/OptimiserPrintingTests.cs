// Lesson: a value should print as its value. Records print their members, but an ImmutableArray member printed as
// "System.Collections.Immutable.ImmutableArray`1[System.Double]", so a state or result in a log said nothing about
// where the run was. They now print the numbers: all of them for a short array, the first six and a count otherwise.
namespace DualGrad.Properties.Facade;

public class OptimiserPrintingTests
{
    [Fact]
    public void A_state_prints_its_arrays()
    {
        var state = new Momentum(0.5).Step(OptimizerState.At([1.0, -2]), [1.0, 0.25]);
        Assert.Equal("OptimizerState { Position = [0.5, -2.125], Iteration = 1, Velocity = [1, 0.25], SecondMoment = [] }", state.ToString());
        Assert.Equal("OptimizerState { Position = default, Iteration = 0, Velocity = [], SecondMoment = default }",
            new OptimizerState(default, 0, [], default).ToString());
    }

    [Fact]
    public void A_long_array_prints_its_first_values_and_its_length()
    {
        var state = OptimizerState.At([.. Enumerable.Range(1, 40_000).Select(i => (double)i)]);
        Assert.StartsWith("OptimizerState { Position = [1, 2, 3, 4, 5, 6, …] (40000 values), Iteration = 0", state.ToString());
        Assert.Equal("OptimizerState { Position = [1, 2, 3, 4, 5, 6], Iteration = 0, Velocity = [], SecondMoment = [] }",
            OptimizerState.At([1.0, 2, 3, 4, 5, 6]).ToString());
    }

    [Fact]
    public void A_result_and_an_iteration_print_their_values()
    {
        IterationInfo? first = null;
        var result = AD.Minimize(new Powell(), [3.0, -1, 0, 1], new GradientDescent(1e-3), new MinimizeOptions { MaxIterations = 1 }, s => first = s);
        var text = result.ToString();
        // Round-trip digits: 0 − 1e-3·(−18) is the double just above 0.018, printed as such.
        Assert.StartsWith("MinimizeResult { State = OptimizerState { Position = [2.694, -0.856, 0.018000000000000002, 1.31], Iteration = 1", text);
        Assert.EndsWith($", Value = {result.Value:R}, Reason = MaxIterations }}", text);
        Assert.Equal("IterationInfo { Iteration = 0, Position = [3, -1, 0, 1], Value = 215, Gradient = [306, -144, -18, -310], "
            + "Next = [2.694, -0.856, 0.018000000000000002, 1.31] }", first!.ToString());
        Assert.DoesNotContain("ImmutableArray", text + first);
    }
}
