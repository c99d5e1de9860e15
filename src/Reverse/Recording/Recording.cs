using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.CompilerServices;
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
    // The recorded steps, frozen: opcodes, parents, and in each partial's slot either the partial at the recorded point
    // or, where the parent is a constant, the constant (a parameter such as an integer exponent stays there too).
    private readonly ImmutableArray<Tape<T>.Step> _steps;
    private readonly ImmutableArray<int> _inputs;
    private readonly int _output;                  // -1 when the output is a constant

    private Recording(Tape<T> tape, ReadOnlySpan<Var<T>> inputs, Var<T> output)
    {
        _steps = tape.Snapshot();
        var indices = new int[inputs.Length];
        for (var i = 0; i < inputs.Length; i++) indices[i] = inputs[i].Index;
        _inputs = [.. indices];
        _output = output.IsConstant ? -1 : tape.StepOf(output);
        OutputConstant = output.Value;
    }

    internal T OutputConstant { get; }

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
            if (y.Tape is { } other && !ReferenceEquals(other, tape)) throw Tape<T>.MixedTapes();
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
    public int Count => _steps.Length;

    /// <summary>A workspace for replaying this recording on one thread (reuse it between calls to allocate nothing).</summary>
    /// <returns>A new workspace.</returns>
    public ReplayWorkspace<T> CreateWorkspace() => new(_steps);

    /// <summary>f(x) and ∇f(x) at a new point, by re-running the recorded steps (forward) and their pullbacks (backward).</summary>
    /// <param name="x">The new point (same length as the recorded one).</param>
    /// <param name="gradient">Receives ∇f(x).</param>
    /// <param name="workspace">Scratch memory from <see cref="CreateWorkspace"/>; a fresh one is made if null.</param>
    /// <returns>f(x).</returns>
    /// <exception cref="ReplayDivergedException">When a recorded comparison would now go the other way.</exception>
    public T ValueAndGradient(ReadOnlySpan<T> x, Span<T> gradient, ReplayWorkspace<T>? workspace = null) =>
        Replay(x, gradient, workspace);

    /// <summary>
    /// Compiles this recording to .NET code: each recorded step becomes the rule's call with its parents' places fixed,
    /// and runs of steps that repeat (the body of a loop in f, even over different constants) are rolled back into
    /// loops. Replaying the compiled form gives the same value and gradient as <see cref="ValueAndGradient"/>, bit for
    /// bit, without the interpreter's dispatch on every step. Compiling costs time once, mostly the JIT's (0.2 to 0.7 ms
    /// per step of generated code, loop bodies counted once); it pays off when the recording is replayed many times,
    /// as in an optimisation loop. Steps past <paramref name="maxCompiledSteps"/> are interpreted instead (loops that
    /// run the most steps are compiled first): a long recording with little repetition would take seconds to compile
    /// and, as straight code larger than the instruction cache, run no faster than the interpreter.
    /// </summary>
    /// <param name="maxCompiledSteps">How many steps of generated code to allow (0 interprets everything).</param>
    /// <returns>The compiled recording.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="maxCompiledSteps"/> is negative.</exception>
    /// <example>
    /// <code>
    /// var compiled = Recording&lt;double&gt;.Record(Powell, [3.0, -1, 0, 1]).Compile();
    /// var g = new double[4];
    /// var f = compiled.ValueAndGradient([1.0, 2, 3, 4], g);
    /// </code>
    /// </example>
    public CompiledRecording<T> Compile(int maxCompiledSteps = CompiledRecording<T>.DefaultMaxCompiledSteps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCompiledSteps);
        return new(this, maxCompiledSteps);
    }

    /// <summary>
    /// f(x) and the directional derivative ∇f(x)·v at a new point: forward mode on the recording. The steps are
    /// evaluated again and each step's tangent is pushed forward from its parents' (Σ partial · tangent), with the
    /// conventions of the dual numbers: a zero tangent or a zero partial contributes nothing.
    /// </summary>
    /// <param name="x">The new point (same length as the recorded one).</param>
    /// <param name="v">The direction (same length).</param>
    /// <param name="workspace">Scratch memory from <see cref="CreateWorkspace"/>; a fresh one is made if null.</param>
    /// <returns>f(x) and ∇f(x)·v.</returns>
    /// <exception cref="ReplayDivergedException">When a recorded comparison would now go the other way.</exception>
    public (T Value, T Derivative) DirectionalDerivative(ReadOnlySpan<T> x, ReadOnlySpan<T> v, ReplayWorkspace<T>? workspace = null)
    {
        CheckPoint(x);
        Guard.SameLength(x.Length, v.Length, nameof(v), "x");
        var steps = Replayed(x, workspace, out var tape);
        if (_output < 0) return (OutputConstant, T.Zero);
        // The adjoint buffer serves as the tangents: every backward sweep clears it before use.
        var tangents = tape.AdjointBuffer();
        tangents.Clear();
        for (var i = 0; i < x.Length; i++) tangents[_inputs[i]] = v[i];
        for (var i = 0; i < steps.Length; i++)
        {
            ref readonly var step = ref steps[i];
            if (step.Op is Primitive.Input or Primitive.Guard) continue;
            if (ReplayStep<T>.TangentAsProduct(step.Op))
            {
                var (value, tangent) = (steps[step.A].Value, tangents[step.A]);
                tangents[i] = ReplayStep<T>.MaskedTangent(true, value, tangent, true, value, tangent);
                continue;
            }
            tangents[i] = ReplayStep<T>.MaskedTangent(step.A >= 0, step.PartialA, step.A >= 0 ? tangents[step.A] : T.Zero,
                step.B >= 0, step.PartialB, step.B >= 0 ? tangents[step.B] : T.Zero);
        }
        return (steps[_output].Value, tangents[_output]);
    }

    // Interpreted replay: inputs in, every step forward, seed the output, the tape's own backward sweep, gradient out.
    private T Replay(ReadOnlySpan<T> x, Span<T> gradient, ReplayWorkspace<T>? workspace)
    {
        CheckPoint(x, gradient);
        var steps = Replayed(x, workspace, out var tape);
        if (_output < 0)
        {
            gradient.Clear();
            return OutputConstant;
        }
        // The backward sweep is the tape's own, run on the workspace's copy of the steps with the new partials.
        var adjoints = tape.AdjointBuffer();
        tape.Backward(new Var<T>(steps[_output].Value, tape, _output), T.One, adjoints);
        for (var i = 0; i < x.Length; i++) gradient[i] = adjoints[_inputs[i]];
        return steps[_output].Value;
    }

    // Every step evaluated again at x, in the workspace's copy of the steps (values and partials).
    private Span<Tape<T>.Step> Replayed(ReadOnlySpan<T> x, ReplayWorkspace<T>? workspace, out Tape<T> tape)
    {
        workspace ??= CreateWorkspace();
        if (!workspace.Replays(_steps)) throw new ArgumentException("The workspace was created by another recording.", nameof(workspace));
        tape = workspace.Tape;
        var steps = tape.Writable;
        for (var i = 0; i < x.Length; i++) steps[_inputs[i]].Value = x[i];
        Forward(steps);
        return steps;
    }

    /// <summary>Refuses a point or gradient buffer of the wrong length.</summary>
    internal void CheckPoint(ReadOnlySpan<T> x, Span<T> gradient)
    {
        CheckPoint(x);
        Guard.SameLength(x.Length, gradient.Length, nameof(gradient), "x");
    }

    /// <summary>Refuses a point of the wrong length.</summary>
    internal void CheckPoint(ReadOnlySpan<T> x)
    {
        if (x.Length != _inputs.Length) throw WrongLength(x.Length);
    }

    // Built out of line: a message formatted inline costs every successful call a larger stack frame to clear.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ArgumentException WrongLength(int length) => new($"x has length {length}, the recording has {_inputs.Length} inputs.", "x");

    /// <summary>The recorded steps (frozen).</summary>
    internal ImmutableArray<Tape<T>.Step> Steps => _steps;

    /// <summary>The steps of the inputs, in order.</summary>
    internal ImmutableArray<int> Inputs => _inputs;

    /// <summary>The output's step, or -1 when the output is the constant <see cref="OutputConstant"/>.</summary>
    internal int Output => _output;

    // Re-evaluate every step in recorded order: the parents' new values go through the same rules as when recording.
    private static void Forward(Span<Tape<T>.Step> steps)
    {
        for (var i = 0; i < steps.Length; i++)
        {
            ref var step = ref steps[i];
            var op = step.Op;
            if (op == Primitive.Input) continue;
            int a = step.A, b = step.B;
            var x = a >= 0 ? steps[a].Value : step.PartialA;
            var y = b >= 0 ? steps[b].Value : step.PartialB;
            if (op == Primitive.Guard)
            {
                var (kind, outcome) = Guards.Decode(step.Value);
                ReplayStep<T>.Check(x, y, kind, outcome, i);
            }
            else ReplayStep<T>.Store(ref step, op == Primitive.FusedMultiplyAdd ? FusedSum(steps, a, x, y) : ReplayRules.Evaluate(op, x, y), a >= 0, b >= 0);
        }
    }

    // The sum step of an FMA: its first parent is the product step; recompute a·b + c with one rounding.
    private static Local2<T> FusedSum(Span<Tape<T>.Step> steps, int product, T productValue, T addend)
    {
        if (FusedFactors(steps, product) is not var (left, right)) return ReplayStep<T>.Sum(productValue, addend);
        return ReplayStep<T>.FusedSum(Operand(steps, left), Operand(steps, right), addend);
    }

    /// <summary>
    /// Where an FMA's factors are: its product step's parents, each a step index or (negative) a constant held in the
    /// product step's slot A or B; null when the first parent of the sum was not recorded as a product.
    /// </summary>
    internal static ((int Index, T Constant) Left, (int Index, T Constant) Right)? FusedFactors(ReadOnlySpan<Tape<T>.Step> steps, int product)
    {
        if (product < 0 || steps[product].Op is not (Primitive.Multiply or Primitive.Square)) return null;
        ref readonly var p = ref steps[product];
        var left = (p.A, p.PartialA);
        return (left, p.Op == Primitive.Square ? left : (p.B, p.PartialB));
    }

    private static T Operand(ReadOnlySpan<Tape<T>.Step> steps, (int Index, T Constant) operand) =>
        operand.Index >= 0 ? steps[operand.Index].Value : operand.Constant;
}

/// <summary>Scratch memory for replaying a <see cref="Recording{T}"/> on one thread: a working copy of its steps.</summary>
/// <typeparam name="T">The scalar type.</typeparam>
public sealed class ReplayWorkspace<T> where T : IFloatingPointIeee754<T>
{
    private readonly ImmutableArray<Tape<T>.Step> _source;

    internal ReplayWorkspace(ImmutableArray<Tape<T>.Step> steps)
    {
        _source = steps;
        Tape = Tape<T>.Copy(steps.AsSpan());
    }

    /// <summary>The working tape: the recording's steps, re-evaluated in place at each replay.</summary>
    internal Tape<T> Tape { get; }

    /// <summary>Whether this workspace was made for a recording of these steps.</summary>
    internal bool Replays(ImmutableArray<Tape<T>.Step> steps) => steps == _source;
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
