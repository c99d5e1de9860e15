namespace DualGrad;

/// <summary>
/// Stochastic gradient descent with momentum, with PyTorch's semantics (<c>torch.optim.SGD(lr, momentum)</c>, no dampening):
/// v ← g on the first step and v ← μ·v + g after it; then x ← x − lr·v.
/// </summary>
/// <param name="LearningRate">lr.</param>
/// <param name="Mu">The momentum μ (the notebook uses 0.9).</param>
public sealed record Momentum(double LearningRate, double Mu = 0.9) : IOptimizer
{
    /// <inheritdoc/>
    public OptimizerState Step(OptimizerState state, ReadOnlySpan<double> gradient)
    {
        OptimizerGuard.Check(state, gradient);
        var first = state.Velocity.IsDefaultOrEmpty;
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
