using System.Collections.Immutable;
using System.Globalization;
using System.Text;

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

    // The record's ToString with the arrays' values instead of their type name.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Position = ").AppendValues(Position)
            .Append(", Iteration = ").Append(Iteration.ToString(CultureInfo.InvariantCulture))
            .Append(", Velocity = ").AppendValues(Velocity)
            .Append(", SecondMoment = ").AppendValues(SecondMoment);
        return true;
    }
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

// The shared argument checks. A state is a plain record anyone can build, and each optimiser reads only its own parts
// of it, so a state from another optimiser (or a default one) is named here rather than failing as an index or null
// error deep inside a step.
internal static class OptimizerGuard
{
    public static void Check(OptimizerState state, ReadOnlySpan<double> gradient)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Position.IsDefault)
            throw new ArgumentException("state.Position is a default ImmutableArray (it holds no array); start from OptimizerState.At(start).", nameof(state));
        if (state.Iteration < 0)
            throw new ArgumentException($"state.Iteration is {state.Iteration}; it counts the steps taken, so it cannot be negative.", nameof(state));
        if (state.Iteration == int.MaxValue)
            throw new ArgumentException($"state.Iteration is {int.MaxValue}: one more step cannot be counted.", nameof(state));
        if (gradient.Length != state.Position.Length)
            throw new ArgumentException($"gradient has length {gradient.Length}, but the position has length {state.Position.Length}.", nameof(gradient));
    }

    // A moment is empty (before the first step; default counts as empty) or one entry per coordinate.
    public static bool Moment(ImmutableArray<double> moment, OptimizerState state, string name, string optimizer)
    {
        if (moment.IsDefaultOrEmpty) return false;
        if (moment.Length != state.Position.Length)
            throw new ArgumentException($"state.{name} has length {moment.Length}, but the position has length {state.Position.Length}: the state does not come from {optimizer} on this problem.", nameof(state));
        return true;
    }

    public static void Unused(ImmutableArray<double> moment, string name, string optimizer)
    {
        if (!moment.IsDefaultOrEmpty)
            throw new ArgumentException($"state.{name} is not empty, but {optimizer} keeps none: the state comes from another optimiser.", "state");
    }
}