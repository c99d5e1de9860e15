// Lesson: an enum parameter holds any integer, and a record's settings can hold any double. (Mode)42 used to run as
// reverse mode in Gradient and as forward mode in Jacobian; a NaN tolerance compared false with every norm, so the
// stopping rule it asked for never fired. Each is refused where it is given, naming it.
namespace DualGrad.Properties.Facade;

public class ModeAndOptionsValidationTests
{
    private static readonly double[] X0 = [3, -1, 0, 1];

    [Theory]
    [InlineData(42)]
    [InlineData(-1)]
    [InlineData(3)]   // one past Reverse, the largest named value
    public void A_mode_that_is_not_named_is_refused_everywhere(int value)
    {
        var mode = (Mode)value;
        AssertRefused("mode", () => AD.Gradient(new Powell(), X0, mode));
        AssertRefused("mode", () => AD.Gradient(new Powell(), (ReadOnlySpan<double>)X0, mode));
        AssertRefused("mode", () => AD.ValueAndGradient(new Powell(), X0, mode));
        AssertRefused("mode", () => AD.ValueAndGradient(new Powell(), X0, new double[4], mode));
        AssertRefused("mode", () => AD.Gradient(new Powell(), X0, new double[4], mode));
        AssertRefused("mode", () => AD.Jacobian(new XOfZ(), [1.0, -1], mode));
        AssertRefused("Mode", () => new MinimizeOptions { Mode = mode });
        AssertRefused("Mode", () => _ = new MinimizeOptions() with { Mode = mode });
    }

    [Fact]
    public void The_earlier_argument_is_named_first()
    {
        // A bad x and a bad mode together: x comes first in the parameter list, so its problem is the one reported.
        var e = Assert.Throws<ArgumentException>(() => AD.Gradient(new Powell(), [double.NaN, 0, 0, 0], (Mode)42));
        Assert.Equal("x", e.ParamName);
    }

    public static TheoryData<double> BadTolerances => [double.NaN, -1e-9, double.NegativeInfinity, double.PositiveInfinity];

    [Theory]
    [MemberData(nameof(BadTolerances))]
    public void Tolerances_that_would_be_ignored_are_refused(double tolerance)
    {
        AssertRefused("GradientTolerance", () => new MinimizeOptions { GradientTolerance = tolerance });
        AssertRefused("FunctionTolerance", () => new MinimizeOptions { FunctionTolerance = tolerance });
        AssertRefused("FunctionTolerance", () => _ = new MinimizeOptions() with { FunctionTolerance = tolerance });
    }

    [Fact]
    public void A_negative_iteration_budget_is_refused_where_it_is_set()
    {
        AssertRefused("MaxIterations", () => new MinimizeOptions { MaxIterations = -1 });
        // Zero steps is a legitimate budget: f at the start, nothing taken.
        var r = AD.Minimize(new Powell(), X0, new GradientDescent(1e-3), new MinimizeOptions { MaxIterations = 0 });
        Assert.Equal((215.0, 0), (r.Value, r.State.Iteration));
    }

    private static void AssertRefused(string parameter, Action call)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(call);
        Assert.Equal(parameter, e.ParamName);
    }
}
