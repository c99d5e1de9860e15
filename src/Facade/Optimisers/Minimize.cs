using System.Collections.Immutable;

namespace DualGrad;

/// <summary>What one iteration of <see cref="AD.Minimize"/> saw: the point before the step, f and ∇f there, and the point after.</summary>
/// <param name="Iteration">0 for the first step.</param>
/// <param name="Position">x before the step.</param>
/// <param name="Value">f(x) before the step.</param>
/// <param name="Gradient">∇f(x) before the step.</param>
/// <param name="Next">x after the step.</param>
public sealed record IterationInfo(int Iteration, ImmutableArray<double> Position, double Value, ImmutableArray<double> Gradient, ImmutableArray<double> Next);

/// <summary>Why <see cref="AD.Minimize"/> stopped.</summary>
public enum StopReason
{
    /// <summary>The iteration budget was spent.</summary>
    MaxIterations,
    /// <summary>‖∇f‖ fell to the gradient tolerance (no step was taken at that point).</summary>
    GradientNorm,
    /// <summary>|f(xₖ) − f(xₖ₋₁)| fell to the function tolerance.</summary>
    FunctionChange,
}

/// <summary>Stopping rules for <see cref="AD.Minimize"/>.</summary>
public sealed record MinimizeOptions
{
    /// <summary>The most steps to take.</summary>
    public int MaxIterations { get; init; } = 1000;

    /// <summary>Stop when ‖∇f‖₂ ≤ this (0: never).</summary>
    public double GradientTolerance { get; init; }

    /// <summary>Stop when |f(xₖ) − f(xₖ₋₁)| ≤ this (0: never).</summary>
    public double FunctionTolerance { get; init; }

    /// <summary>The differentiation mode for each gradient.</summary>
    public Mode Mode { get; init; } = Mode.Auto;
}

/// <summary>The outcome of <see cref="AD.Minimize"/>.</summary>
/// <param name="State">The optimiser's final state (its Position is the answer).</param>
/// <param name="Value">f at the final position.</param>
/// <param name="Reason">Why it stopped.</param>
public sealed record MinimizeResult(OptimizerState State, double Value, StopReason Reason);

public static partial class AD
{
    /// <summary>
    /// Minimises f from <paramref name="start"/> with <paramref name="optimizer"/>: each iteration takes f and ∇f at x,
    /// calls <paramref name="onStep"/> (to print like the notebook), and steps. Stops by <paramref name="options"/>.
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
        ArgumentNullException.ThrowIfNull(optimizer);
        options ??= new MinimizeOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxIterations);
        Validate.Input(start, GradientOptions.Default, nameof(start));
        var state = OptimizerState.At(start);
        var previous = double.NaN;
        for (var k = 0; k < options.MaxIterations; k++)
        {
            var (value, gradient) = ValueAndGradient(f, state.Position.AsSpan(), options.Mode);
            if (options.GradientTolerance > 0 && Norm(gradient) <= options.GradientTolerance) return new(state, value, StopReason.GradientNorm);
            if (options.FunctionTolerance > 0 && Math.Abs(value - previous) <= options.FunctionTolerance) return new(state, value, StopReason.FunctionChange);
            var next = optimizer.Step(state, gradient);
            onStep?.Invoke(new IterationInfo(k, state.Position, value, [.. gradient], next.Position));
            state = next;
            previous = value;
        }
        return new(state, f.Invoke<double>(state.Position.AsSpan()), StopReason.MaxIterations);
    }

    private static double Norm(ReadOnlySpan<double> v)
    {
        var sum = 0.0;
        foreach (var e in v) sum += e * e;
        return Math.Sqrt(sum);
    }
}
