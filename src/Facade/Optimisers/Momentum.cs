namespace DualGrad;

/// <summary>
/// Stochastic gradient descent with momentum, with PyTorch's semantics (<c>torch.optim.SGD(lr, momentum)</c>, no dampening):
/// v ← g on the first step and v ← μ·v + g after it; then x ← x − lr·v.
/// </summary>
/// <param name="LearningRate">lr.</param>
/// <param name="Mu">The momentum μ (the notebook uses 0.9).</param>
public sealed record Momentum(double LearningRate, double Mu = 0.9) : IOptimizer
{
    /// <summary>lr: positive and finite (an <see cref="ArgumentOutOfRangeException"/> otherwise).</summary>
    public double LearningRate { get; init => field = OptimizerSettings.Positive(value, nameof(LearningRate)); } = OptimizerSettings.Positive(LearningRate, nameof(LearningRate));

    /// <summary>μ, with 0 ≤ μ &lt; 1 (an <see cref="ArgumentOutOfRangeException"/> otherwise): 0 is plain descent, and at 1
    /// or above the velocity never decays. PyTorch accepts any μ ≥ 0; this is its practical range.</summary>
    public double Mu { get; init => field = OptimizerSettings.Decay(value, nameof(Mu)); } = OptimizerSettings.Decay(Mu, nameof(Mu));

    /// <inheritdoc/>
    public OptimizerState Step(OptimizerState state, ReadOnlySpan<double> gradient)
    {
        OptimizerGuard.Check(state, gradient);
        var first = !OptimizerGuard.Moment(state.Velocity, state, nameof(state.Velocity), nameof(Momentum));
        OptimizerGuard.Unused(state.SecondMoment, nameof(state.SecondMoment), nameof(Momentum));
        var v = new double[gradient.Length];
        var x = new double[gradient.Length];
        for (var i = 0; i < x.Length; i++)
        {
            v[i] = first ? gradient[i] : Mu * state.Velocity[i] + gradient[i];
            x[i] = state.Position[i] - LearningRate * v[i];
        }
        return state with { Position = [.. x], Velocity = [.. v], Iteration = state.Iteration + 1 };
    }
}
