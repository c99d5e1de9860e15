namespace DualGrad;

/// <summary>Plain gradient descent: x ← x − lr·g (the notebook's first optimisation loop).</summary>
/// <param name="LearningRate">The step length lr.</param>
public sealed record GradientDescent(double LearningRate) : IOptimizer
{
    /// <summary>The step length lr: positive and finite (an <see cref="ArgumentOutOfRangeException"/> otherwise).</summary>
    public double LearningRate { get; init => field = OptimizerSettings.Positive(value, nameof(LearningRate)); } = OptimizerSettings.Positive(LearningRate, nameof(LearningRate));

    /// <inheritdoc/>
    public OptimizerState Step(OptimizerState state, ReadOnlySpan<double> gradient)
    {
        OptimizerGuard.Check(state, gradient);
        var x = new double[gradient.Length];
        for (var i = 0; i < x.Length; i++) x[i] = state.Position[i] - LearningRate * gradient[i];
        return state with { Position = [.. x], Iteration = state.Iteration + 1 };
    }
}
