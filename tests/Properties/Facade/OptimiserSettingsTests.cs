// Lesson: an optimiser's settings are part of its value. A NaN learning rate or a momentum of 1 does not fail on its
// own; it turns the whole run into NaN or into a run that never settles, far from where the setting was written. So
// each record refuses a bad setting when it is built, and again when it is copied with `with`.
namespace DualGrad.Properties.Facade;

public class OptimiserSettingsTests
{
    public static TheoryData<double> BadLearningRates => [double.NaN, double.PositiveInfinity, double.NegativeInfinity, -1e-3, 0];

    [Theory]
    [MemberData(nameof(BadLearningRates))]
    public void A_learning_rate_that_is_not_positive_and_finite_is_refused(double lr)
    {
        AssertRefused("LearningRate", () => new GradientDescent(lr));
        AssertRefused("LearningRate", () => new Momentum(lr));
        AssertRefused("LearningRate", () => new Adam(lr));
        AssertRefused("LearningRate", () => new GradientDescent(0.1) with { LearningRate = lr });
        AssertRefused("LearningRate", () => new Momentum(0.1) with { LearningRate = lr });
        AssertRefused("LearningRate", () => new Adam() with { LearningRate = lr });
    }

    public static TheoryData<double> BadDecays => [double.NaN, -0.1, 1, 1.5, double.PositiveInfinity];

    [Theory]
    [MemberData(nameof(BadDecays))]
    public void Momentum_and_the_betas_must_lie_in_zero_to_one(double decay)
    {
        AssertRefused("Mu", () => new Momentum(0.1, decay));
        AssertRefused("Mu", () => new Momentum(0.1) with { Mu = decay });
        AssertRefused("Beta1", () => new Adam(Beta1: decay));
        AssertRefused("Beta2", () => new Adam(Beta2: decay));
        AssertRefused("Beta1", () => new Adam() with { Beta1 = decay });
        AssertRefused("Beta2", () => new Adam() with { Beta2 = decay });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1e-8)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Adam_epsilon_must_be_positive_and_finite(double epsilon)
    {
        AssertRefused("Epsilon", () => new Adam(Epsilon: epsilon));
        AssertRefused("Epsilon", () => new Adam() with { Epsilon = epsilon });
    }

    [Fact]
    public void The_edges_of_each_range_are_accepted_and_kept()
    {
        // μ = 0 is plain descent and β = 0 keeps no history: both are legitimate settings, stored as given.
        Assert.Equal(0, new Momentum(0.1, 0).Mu);
        Assert.Equal((0.0, 0.0), (new Adam(Beta1: 0, Beta2: 0).Beta1, new Adam(Beta1: 0, Beta2: 0).Beta2));
        Assert.Equal(double.Epsilon, new Adam(Epsilon: double.Epsilon).Epsilon);
        Assert.Equal(0.5, (new GradientDescent(0.1) with { LearningRate = 0.5 }).LearningRate);
        Assert.Equal(new Adam(2e-3, 0.8, 0.99, 1e-7), new Adam() with { LearningRate = 2e-3, Beta1 = 0.8, Beta2 = 0.99, Epsilon = 1e-7 });
    }

    private static void AssertRefused(string parameter, Func<object> build)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(build);
        Assert.Equal(parameter, e.ParamName);
        Assert.Contains(parameter, e.Message);
    }
}
