using System.Collections.Immutable;
using System.Numerics;
using DualGrad.Forward;

namespace DualGrad.Reverse;

/// <summary>
/// A finished recording of f: ℝⁿ → ℝ, frozen so that it can be re-evaluated at new points (value and gradient)
/// without running the user's code again: the case of an optimisation loop. Immutable and safe to share between threads;
/// each replay works in its own <see cref="ReplayWorkspace{T}"/>.
/// </summary>
/// <remarks>
/// Replay is valid only while the function's control flow does not depend on its input. Every comparison made during
/// recording is kept as a guard; if on replay any guard would go the other way, replay throws
/// <see cref="ReplayDivergedException"/> instead of returning a wrong gradient. Branches on values that are not
/// comparisons of recorded values (IsNegative, Sign, a conversion to double) are not guarded: record again for such code.
/// </remarks>
/// <typeparam name="T">The scalar type.</typeparam>
public sealed class Recording<T> where T : IFloatingPointIeee754<T>
{
    private readonly ImmutableArray<Primitive> _ops;
    private readonly ImmutableArray<int> _parents;
    private readonly ImmutableArray<T> _slots;     // partials at the recorded point; constants and parameters stay
    private readonly ImmutableArray<T> _values;
    private readonly ImmutableArray<int> _inputs;
    private readonly int _output;                  // -1 when the output is a constant

    private Recording(Tape<T> tape, ReadOnlySpan<Var<T>> inputs, Var<T> output)
    {
        var steps = tape.Steps;
        var ops = new Primitive[steps.Length];
        var parents = new int[2 * steps.Length];
        var slots = new T[2 * steps.Length];
        var values = new T[steps.Length];
        for (var i = 0; i < steps.Length; i++)
        {
            (ops[i], values[i]) = (steps[i].Op, steps[i].Value);
            (parents[2 * i], parents[2 * i + 1]) = (steps[i].A, steps[i].B);
            (slots[2 * i], slots[2 * i + 1]) = (steps[i].PartialA, steps[i].PartialB);
        }
        _ops = [.. ops];
        _parents = [.. parents];
        _slots = [.. slots];
        _values = [.. values];
        var indices = new int[inputs.Length];
        for (var i = 0; i < inputs.Length; i++) indices[i] = inputs[i].Index;
        _inputs = [.. indices];
        _output = output.IsConstant ? -1 : output.Index;
        OutputConstant = output.Value;
    }

    private T OutputConstant { get; }

    /// <summary>Records f at x once.</summary>
    /// <param name="f">The function; its control flow should not depend on x (see remarks).</param>
    /// <param name="x">The point to record at.</param>
    /// <returns>The frozen recording.</returns>
    /// <exception cref="NotSupportedException">When f uses a custom primitive (its value cannot be recomputed from a closure).</exception>
    public static Recording<T> Record(ScalarFunc<Var<T>> f, ReadOnlySpan<T> x)
    {
        ArgumentNullException.ThrowIfNull(f);
        Guard.NotEmpty(x, nameof(x));
        var tape = Tape<T>.Rent();
        try
        {
            var inputs = tape.Inputs(x);
            var y = f(inputs);
            if (tape.HasCustomSteps) throw new NotSupportedException("This function uses a custom primitive; its pullback closure cannot recompute its value at a new point, so the recording cannot be replayed.");
            return new Recording<T>(tape, inputs, y);
        }
        finally
        {
            tape.Release();
        }
    }

    /// <summary>The number of inputs.</summary>
    public int InputLength => _inputs.Length;

    /// <summary>The number of recorded steps (inputs and guards included).</summary>
    public int Count => _ops.Length;

    /// <summary>A workspace for replaying this recording on one thread (reuse it between calls to allocate nothing).</summary>
    /// <returns>A new workspace.</returns>
    public ReplayWorkspace<T> CreateWorkspace() => new(_ops.Length);

    /// <summary>f(x) and ∇f(x) at a new point, by re-running the recorded steps (forward) and their pullbacks (backward).</summary>
    /// <param name="x">The new point (same length as the recorded one).</param>
    /// <param name="gradient">Receives ∇f(x).</param>
    /// <param name="workspace">Scratch memory from <see cref="CreateWorkspace"/>; a fresh one is made if null.</param>
    /// <returns>f(x).</returns>
    /// <exception cref="ReplayDivergedException">When a recorded comparison would now go the other way.</exception>
    public T ValueAndGradient(ReadOnlySpan<T> x, Span<T> gradient, ReplayWorkspace<T>? workspace = null)
    {
        if (x.Length != _inputs.Length) throw new ArgumentException($"x has length {x.Length}, the recording has {_inputs.Length} inputs.", nameof(x));
        Guard.SameLength(x.Length, gradient.Length, nameof(gradient), "x");
        workspace ??= CreateWorkspace();
        if (workspace.Length < _ops.Length) throw new ArgumentException("The workspace belongs to a smaller recording.", nameof(workspace));
        var values = workspace.Values;
        var slots = workspace.Slots;
        // Only inputs are set here: every other value and partial is recomputed by Forward, and constants, parameters
        // and guard codes are read from the recording itself, so nothing is copied per call.
        for (var i = 0; i < x.Length; i++) values[_inputs[i]] = x[i];
        Forward(values, slots);
        if (_output < 0)
        {
            gradient.Clear();
            return OutputConstant;
        }
        var adjoints = workspace.Adjoints[..(_output + 1)];
        adjoints.Clear();
        Backward(slots, adjoints);
        for (var i = 0; i < x.Length; i++) gradient[i] = _inputs[i] <= _output ? adjoints[_inputs[i]] : T.Zero;
        return values[_output];
    }

    // Re-evaluate every step in recorded order: the parents' new values go through the same rules as when recording.
    // A constant parent's value, a parameter and a guard's code come from the frozen recording.
    private void Forward(Span<T> values, Span<T> slots)
    {
        var ops = _ops.AsSpan();
        var parents = _parents.AsSpan();
        var recorded = _slots.AsSpan();
        for (var i = 0; i < ops.Length; i++)
        {
            var op = ops[i];
            if (op == Primitive.Input) continue;
            int a = parents[2 * i], b = parents[2 * i + 1];
            var x = a >= 0 ? values[a] : recorded[2 * i];
            var y = b >= 0 ? values[b] : recorded[2 * i + 1];
            if (op == Primitive.Guard)
            {
                var (kind, outcome) = Guards.Decode(_values[i]);
                if (Guards.Evaluate(kind, x, y) != outcome)
                    throw new ReplayDivergedException($"Step {i}: the comparison {x} {kind} {y} now gives {!outcome}, but it gave {outcome} when the function was recorded; the recorded branch no longer applies. Record the function again at this point.");
                continue;
            }
            var step = op == Primitive.FusedMultiplyAdd ? FusedSum(values, a, x, y) : ReplayRules.Evaluate(op, x, y);
            values[i] = step.Value;
            slots[2 * i] = step.DX;
            slots[2 * i + 1] = step.DY;
        }
    }

    // The sum step of an FMA: its first parent is the product step; recompute a·b + c with one rounding.
    private Local2<T> FusedSum(Span<T> values, int product, T productValue, T addend)
    {
        if (product < 0 || _ops[product] != Primitive.Multiply) return new(productValue + addend, T.One, T.One);
        int pa = _parents[2 * product], pb = _parents[2 * product + 1];
        var left = pa >= 0 ? values[pa] : _slots[2 * product];
        var right = pb >= 0 ? values[pb] : _slots[2 * product + 1];
        return new(T.FusedMultiplyAdd(left, right, addend), T.One, T.One);
    }

    private void Backward(Span<T> slots, Span<T> adjoints)
    {
        var ops = _ops.AsSpan();
        var parents = _parents.AsSpan();
        adjoints[_output] = T.One;
        for (var i = _output; i >= 0; i--)
        {
            var g = adjoints[i];
            if (T.IsZero(g) || ops[i] is Primitive.Input or Primitive.Guard) continue;
            int a = parents[2 * i], b = parents[2 * i + 1];
            if (a >= 0 && !T.IsZero(slots[2 * i])) adjoints[a] += slots[2 * i] * g;   // zero partials skipped, as in Tape
            if (b >= 0 && !T.IsZero(slots[2 * i + 1])) adjoints[b] += slots[2 * i + 1] * g;
        }
    }
}

/// <summary>Scratch memory for replaying a <see cref="Recording{T}"/> on one thread.</summary>
/// <typeparam name="T">The scalar type.</typeparam>
public sealed class ReplayWorkspace<T> where T : IFloatingPointIeee754<T>
{
    private readonly T[] _values;
    private readonly T[] _slots;
    private readonly T[] _adjoints;

    internal ReplayWorkspace(int steps)
    {
        _values = new T[steps];
        _slots = new T[2 * steps];
        _adjoints = new T[steps];
    }

    internal int Length => _values.Length;

    internal Span<T> Values => _values;

    internal Span<T> Slots => _slots;

    internal Span<T> Adjoints => _adjoints;
}

/// <summary>Thrown when a replayed recording reaches a comparison that would now branch differently than when recorded.</summary>
public sealed class ReplayDivergedException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which comparison changed.</param>
    public ReplayDivergedException(string message) : base(message)
    {
    }
}
