using System.Collections.Immutable;

namespace DualGrad;

/// <summary>
/// Where an optimiser stands: a value that one step maps to a new value (nothing is mutated).
/// </summary>
/// <param name="Position">The current point x.</param>
/// <param name="Iteration">How many steps have been taken.</param>
/// <param name="Velocity">Momentum's v, or Adam's first moment m (empty before the first step or when unused).</param>
/// <param name="SecondMoment">Adam's second moment (empty when unused).</param>
public sealed record OptimizerState(ImmutableArray<double> Position, int Iteration, ImmutableArray<double> Velocity, ImmutableArray<double> SecondMoment)
{
    /// <summary>The state before any step, at <paramref name="start"/>.</summary>
    /// <param name="start">The starting point.</param>
    /// <returns>The initial state.</returns>
    public static OptimizerState At(ReadOnlySpan<double> start) => new([.. start], 0, [], []);
}

/// <summary>A first-order optimiser: a pure function from (state, gradient at the state's position) to the next state.</summary>
public interface IOptimizer
{
    /// <summary>One step.</summary>
    /// <param name="state">The current state.</param>
    /// <param name="gradient">∇f at <c>state.Position</c>.</param>
    /// <returns>The next state.</returns>
    OptimizerState Step(OptimizerState state, ReadOnlySpan<double> gradient);
}

// Shared argument check: the gradient must match the position.
internal static class OptimizerGuard
{
    public static void Check(OptimizerState state, ReadOnlySpan<double> gradient)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (gradient.Length != state.Position.Length)
            throw new ArgumentException($"gradient has length {gradient.Length}, but the position has length {state.Position.Length}.", nameof(gradient));
    }
}
