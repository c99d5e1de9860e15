using DualGrad.Reverse;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace DualGrad;

/// <summary>What one iteration of <see cref="AD.Minimize(IScalarFunction, ReadOnlySpan{double}, IOptimizer, MinimizeOptions, Action{IterationInfo})"/> saw: the point before the step, f and ∇f there, and the point after.</summary>
/// <param name="Iteration">0 for the first step.</param>
/// <param name="Position">x before the step.</param>
/// <param name="Value">f(x) before the step.</param>
/// <param name="Gradient">∇f(x) before the step.</param>
/// <param name="Next">x after the step.</param>
public sealed record IterationInfo(int Iteration, ImmutableArray<double> Position, double Value, ImmutableArray<double> Gradient, ImmutableArray<double> Next)
{
    // The record's ToString with the arrays' values instead of their type name.
    private bool PrintMembers(StringBuilder builder)
    {
        var c = CultureInfo.InvariantCulture;
        builder.Append("Iteration = ").Append(Iteration.ToString(c))
            .Append(", Position = ").AppendValues(Position)
            .Append(", Value = ").Append(Value.ToString("R", c))
            .Append(", Gradient = ").AppendValues(Gradient)
            .Append(", Next = ").AppendValues(Next);
        return true;
    }
}

/// <summary>Why <see cref="AD.Minimize(IScalarFunction, ReadOnlySpan{double}, IOptimizer, MinimizeOptions, Action{IterationInfo})"/> stopped.</summary>
public enum StopReason
{
    /// <summary>The iteration budget was spent.</summary>
    MaxIterations,
    /// <summary>‖∇f‖ fell to the gradient tolerance (no step was taken at that point).</summary>
    GradientNorm,
    /// <summary>|f(xₖ) − f(xₖ₋₁)| fell to the function tolerance.</summary>
    FunctionChange,
    /// <summary>
    /// f or ∇f came out NaN or infinite, or the optimiser stepped to a point that is not finite: the run diverged (a
    /// learning rate too large) or left f's domain. The result keeps the last state at which f and ∇f were finite, and f
    /// there; only when that fails at the start itself is the result the start, with f there as it came out.
    /// </summary>
    NonFinite,
}

/// <summary>Stopping rules for <see cref="AD.Minimize(IScalarFunction, ReadOnlySpan{double}, IOptimizer, MinimizeOptions, Action{IterationInfo})"/>. Each setting is checked when it is set (an
/// <see cref="ArgumentOutOfRangeException"/> naming it), so options that would be silently ignored cannot be built.</summary>
public sealed record MinimizeOptions
{
    /// <summary>The most steps to take (at least 0).</summary>
    public int MaxIterations
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(MaxIterations));
            field = value;
        }
    } = 1000;

    /// <summary>Stop when ‖∇f‖₂ ≤ this (0: never); finite and at least 0.</summary>
    public double GradientTolerance { get; init => field = Tolerance(value, nameof(GradientTolerance)); }

    /// <summary>Stop when |f(xₖ) − f(xₖ₋₁)| ≤ this (0: never); finite and at least 0.</summary>
    public double FunctionTolerance { get; init => field = Tolerance(value, nameof(FunctionTolerance)); }

    /// <summary>The differentiation mode for each gradient (one of the named <see cref="DualGrad.Mode"/> values).</summary>
    public Mode Mode { get; init => field = Validate.KnownMode(value, nameof(Mode)); } = Mode.Auto;

    // A negative or NaN tolerance compares false with every norm and change, so the rule would never fire; infinity would
    // stop before the first step. Both are refused rather than silently meaning "never" or "at once".
    private static double Tolerance(double value, string name)
    {
        if (!(value >= 0 && double.IsFinite(value)))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and at least 0 (0: never stop on it).");
        return value;
    }
}

/// <summary>The outcome of <see cref="AD.Minimize(IScalarFunction, ReadOnlySpan{double}, IOptimizer, MinimizeOptions, Action{IterationInfo})"/>.</summary>
/// <param name="State">The optimiser's final state (its Position is the answer); after <see cref="StopReason.NonFinite"/>
/// the last state at which f and ∇f were finite.</param>
/// <param name="Value">f at the final position.</param>
/// <param name="Reason">Why it stopped.</param>
public sealed record MinimizeResult(OptimizerState State, double Value, StopReason Reason)
{
    // Printed like the record's own, with the state's values (its ToString) and f in the invariant culture.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("State = ").Append(State)
            .Append(", Value = ").Append(Value.ToString("R", CultureInfo.InvariantCulture))
            .Append(", Reason = ").Append(Reason);
        return true;
    }
}

public static partial class AD
{
    /// <summary>
    /// Minimises f from <paramref name="start"/> with <paramref name="optimizer"/>: each iteration takes f and ∇f at x,
    /// calls <paramref name="onStep"/> (to print like the notebook), and steps. Stops by <paramref name="options"/>, or
    /// with <see cref="StopReason.NonFinite"/> as soon as f, ∇f or the next point is NaN or infinite (a diverging run),
    /// keeping the last finite state; a step to a non-finite point is not taken and not passed to <paramref name="onStep"/>.
    /// </summary>
    /// <param name="f">The function, written once.</param>
    /// <param name="start">The starting point.</param>
    /// <param name="optimizer">For example <see cref="GradientDescent"/>, <see cref="Momentum"/>, <see cref="Adam"/>.</param>
    /// <param name="options">Stopping rules; 1000 iterations if null.</param>
    /// <param name="onStep">Called after every step, or null.</param>
    /// <returns>The final state, f there and the reason for stopping.</returns>
    public static MinimizeResult Minimize(IScalarFunction f, ReadOnlySpan<double> start, IOptimizer optimizer, MinimizeOptions? options = null, Action<IterationInfo>? onStep = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        options ??= new MinimizeOptions();
        var mode = options.Mode;
        return Minimize(x => ValueAndGradient(f, x, mode), x => f.Invoke<double>(x), start, optimizer, options, onStep);
    }

    /// <summary>
    /// Minimises a compiled recording (<see cref="Compile"/>) from <paramref name="start"/>, as
    /// <see cref="Minimize(IScalarFunction, ReadOnlySpan{double}, IOptimizer, MinimizeOptions?, Action{IterationInfo}?)"/>
    /// does a function: the same iterates as with <see cref="Mode.Reverse"/>, bit for bit, without recording a tape each
    /// iteration. <see cref="MinimizeOptions.Mode"/> does not apply.
    /// </summary>
    /// <param name="f">The compiled recording of f.</param>
    /// <param name="start">The starting point (as many inputs as the recording has).</param>
    /// <param name="optimizer">For example <see cref="GradientDescent"/>, <see cref="Momentum"/>, <see cref="Adam"/>.</param>
    /// <param name="options">Stopping rules; 1000 iterations if null.</param>
    /// <param name="onStep">Called after every step, or null.</param>
    /// <returns>The final state, f there and the reason for stopping.</returns>
    /// <exception cref="ReplayDivergedException">When the run reaches a point where f would branch differently than where it was recorded.</exception>
    public static MinimizeResult Minimize(CompiledRecording<double> f, ReadOnlySpan<double> start, IOptimizer optimizer, MinimizeOptions? options = null, Action<IterationInfo>? onStep = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (start.Length != f.InputLength) throw new ArgumentException($"start has length {start.Length}, the recording has {f.InputLength} inputs.", nameof(start));
        var workspace = f.CreateWorkspace();
        return Minimize(x =>
        {
            var gradient = new double[x.Length];
            var value = f.ValueAndGradient(x, gradient, workspace);
            return (value, gradient);
        }, x => f.Value(x, workspace), start, optimizer, options ?? new MinimizeOptions(), onStep);
    }

    private delegate (double Value, double[] Gradient) ValueAndGradientAt(ReadOnlySpan<double> x);

    private delegate double ValueAt(ReadOnlySpan<double> x);

    // The loop both overloads run: f and ∇f at each state, stopping rules, the optimiser's step.
    private static MinimizeResult Minimize(ValueAndGradientAt valueAndGradient, ValueAt valueAt, ReadOnlySpan<double> start, IOptimizer optimizer, MinimizeOptions options, Action<IterationInfo>? onStep)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Validate.Input(start, GradientOptions.Default, nameof(start));
        var state = OptimizerState.At(start);
        var previous = double.NaN;
        // The state before the current one, where f (previous) and ∇f were finite (null before the first step): a
        // diverging run ends there, with its progress, instead of failing in the next gradient call with an error about an
        // input the caller never passed.
        OptimizerState? lastFinite = null;
        MinimizeResult Diverged(OptimizerState current, double value) =>
            lastFinite is null ? new(current, value, StopReason.NonFinite) : new(lastFinite, previous, StopReason.NonFinite);
        for (var k = 0; k < options.MaxIterations; k++)
        {
            var (value, gradient) = valueAndGradient(state.Position.AsSpan());
            if (!AllFinite(value, gradient)) return Diverged(state, value);
            if (options.GradientTolerance > 0 && Norm(gradient) <= options.GradientTolerance) return new(state, value, StopReason.GradientNorm);
            if (options.FunctionTolerance > 0 && Math.Abs(value - previous) <= options.FunctionTolerance) return new(state, value, StopReason.FunctionChange);
            var next = optimizer.Step(state, gradient);
            CheckStep(next, start.Length, k);
            if (!Validate.AllFinite(next.Position.AsSpan())) return new(state, value, StopReason.NonFinite);
            onStep?.Invoke(new IterationInfo(k, state.Position, value, [.. gradient], next.Position));
            lastFinite = state;
            state = next;
            previous = value;
        }
        var final = valueAt(state.Position.AsSpan());
        return double.IsFinite(final) ? new(state, final, StopReason.MaxIterations) : Diverged(state, final);
    }

    // Minimize hands each state straight back to the optimiser and to f: a custom optimiser's bad state is named here,
    // with the iteration, rather than surfacing as a null or index error in the next call.
    private static void CheckStep(OptimizerState? next, int n, int k)
    {
        if (next is null)
            throw new ArgumentException($"optimizer.Step returned null at iteration {k}; it must return the next state.", "optimizer");
        if (next.Position.IsDefault || next.Position.Length != n)
            throw new ArgumentException($"optimizer.Step returned a state whose Position has {(next.Position.IsDefault ? "no array (default)" : $"length {next.Position.Length}")} at iteration {k}, but the start has length {n}.", "optimizer");
    }

    private static double Norm(ReadOnlySpan<double> v)
    {
        var sum = 0.0;
        foreach (var e in v) sum += e * e;
        return Math.Sqrt(sum);
    }
}
