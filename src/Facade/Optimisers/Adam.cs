namespace DualGrad;

/// <summary>
/// Adam (Kingma &amp; Ba 2015) with PyTorch's semantics: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
/// x ← x − lr·m̂/(√v̂ + ε) with the bias corrections m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
/// </summary>
/// <param name="LearningRate">lr.</param>
/// <param name="Beta1">β₁.</param>
/// <param name="Beta2">β₂.</param>
/// <param name="Epsilon">ε, added to √v̂.</param>
public sealed record Adam(double LearningRate = 1e-3, double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8) : IOptimizer
{
    /// <summary>lr: positive and finite (an <see cref="ArgumentOutOfRangeException"/> otherwise).</summary>
    public double LearningRate { get; init => field = OptimizerSettings.Positive(value, nameof(LearningRate)); } = OptimizerSettings.Positive(LearningRate, nameof(LearningRate));

    /// <summary>β₁, with 0 ≤ β₁ &lt; 1 as in PyTorch (an <see cref="ArgumentOutOfRangeException"/> otherwise).</summary>
    public double Beta1 { get; init => field = OptimizerSettings.Decay(value, nameof(Beta1)); } = OptimizerSettings.Decay(Beta1, nameof(Beta1));

    /// <summary>β₂, with 0 ≤ β₂ &lt; 1 as in PyTorch (an <see cref="ArgumentOutOfRangeException"/> otherwise).</summary>
    public double Beta2 { get; init => field = OptimizerSettings.Decay(value, nameof(Beta2)); } = OptimizerSettings.Decay(Beta2, nameof(Beta2));

    /// <summary>ε: positive and finite (an <see cref="ArgumentOutOfRangeException"/> otherwise).</summary>
    public double Epsilon { get; init => field = OptimizerSettings.Positive(value, nameof(Epsilon)); } = OptimizerSettings.Positive(Epsilon, nameof(Epsilon));

    /// <inheritdoc/>
    public OptimizerState Step(OptimizerState state, ReadOnlySpan<double> gradient)
    {
        OptimizerGuard.Check(state, gradient);
        var n = gradient.Length;
        var first = !OptimizerGuard.Moment(state.Velocity, state, nameof(state.Velocity), nameof(Adam));
        if (first == OptimizerGuard.Moment(state.SecondMoment, state, nameof(state.SecondMoment), nameof(Adam)))
            throw new ArgumentException(first
                ? "state has a SecondMoment but no first moment (Velocity): it does not come from Adam."
                : "state has a first moment (Velocity) but no SecondMoment: it does not come from Adam (a Momentum state?).", nameof(state));
        // The bias corrections 1 − βᵗ count Adam's own steps: fresh moments at a later iteration would be corrected wrongly.
        if (first && state.Iteration != 0)
            throw new ArgumentException($"state has no moments but Iteration {state.Iteration}: Adam's bias correction counts its own steps, so start it from OptimizerState.At(position).", nameof(state));
        var t = state.Iteration + 1;
        double[] m = new double[n], v = new double[n], x = new double[n];
        for (var i = 0; i < n; i++)
        {
            m[i] = Beta1 * (first ? 0 : state.Velocity[i]) + (1 - Beta1) * gradient[i];
            v[i] = Beta2 * (first ? 0 : state.SecondMoment[i]) + (1 - Beta2) * gradient[i] * gradient[i];
            var mHat = m[i] / (1 - Math.Pow(Beta1, t));
            var vHat = v[i] / (1 - Math.Pow(Beta2, t));
            x[i] = state.Position[i] - LearningRate * mHat / (Math.Sqrt(vHat) + Epsilon);
        }
        return new OptimizerState([.. x], t, [.. m], [.. v]);
    }
}
