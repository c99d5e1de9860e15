using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using DualGrad.Forward;

namespace DualGrad.Reverse;

/// <summary>
/// A <see cref="Recording{T}"/> compiled to .NET code (see <see cref="Recording{T}.Compile"/>): the same steps, rules and
/// guards, with the interpreter's per-step dispatch gone and repeated runs of steps rolled back into loops. It runs
/// backwards (<see cref="ValueAndGradient"/>, reverse mode) and forwards (<see cref="DirectionalDerivative"/>, a tangent sweep).
/// Immutable and safe to share between threads; each replay works in its own <see cref="CompiledWorkspace{T}"/>.
/// </summary>
/// <typeparam name="T">The scalar type.</typeparam>
public sealed class CompiledRecording<T> where T : IFloatingPointIeee754<T>
{
    // Straight steps per generated method: few enough that the JIT inlines every rule call, keeps the locals it
    // tracks within its limits and optimises the method fully (very large methods are compiled with fewer optimisations).
    private const int StepsPerKernel = 256;

    /// <summary>The default for <see cref="Recording{T}.Compile"/>'s budget: steps of generated code (loop bodies count once).</summary>
    public const int DefaultMaxCompiledSteps = 1024;

    private readonly Recording<T> _recording;
    private readonly ImmutableArray<Kernel<T>> _kernels;
    private readonly int _partialCount;
    private readonly bool _inputsFirst;             // the inputs are steps 0 … n − 1, as Record makes them
    private readonly bool _tangentInputsCopied;     // a tangent sweep copies x and v into the workspace
    private readonly bool _outputIsInput;           // f returns one of its inputs as it is
    private readonly TangentKernel<T, T>[] _tangentSweeps;
    private readonly TangentKernel<T, Vector256<double>>[] _chunkSweeps;   // empty unless T is double
    private readonly DirectChunkKernel? _directChunk;   // the whole chunked gradient without a workspace, where it can be
    private readonly ImmutableArray<int> _leaves;   // steps whose adjoint the backward code never reads (inputs, variables made in f)

    internal CompiledRecording(Recording<T> recording, int maxCompiledSteps)
    {
        _recording = recording;
        InputLength = recording.InputLength;
        var steps = recording.Steps;
        // Inputs compile to nothing; pieces are made of the other steps only.
        var stretches = Rerolling.Find<T>(steps.AsSpan()).Where(s => s.IsLoop || steps[s.Start].Op != Primitive.Input).ToImmutableArray();
        Loops = stretches.Count(s => s.IsLoop);
        var array = ImmutableCollectionsMarshal.AsArray(steps)!;
        var inputs = recording.Inputs;
        _inputsFirst = Enumerable.Range(0, inputs.Length).SequenceEqual(inputs);
        var emitter = new KernelEmitter<T>(array, recording.Output, _inputsFirst ? inputs.Length : 0);
        var compiled = Budget(stretches, maxCompiledSteps);
        // A compiled loop is a piece of its own; compiled straight steps are cut into pieces of at most StepsPerKernel;
        // a run of steps past the budget is one interpreted piece.
        var kernels = ImmutableArray.CreateBuilder<Kernel<T>>();
        var interpreted = 0;
        for (var s = 0; s < stretches.Length;)
        {
            var first = s;
            if (!compiled[s])
            {
                while (s < stretches.Length && !compiled[s]) s++;
                int start = stretches[first].Start, end = stretches[s - 1].Start + stretches[s - 1].Length;
                kernels.Add(InterpretedKernel<T>.Create(array, start, end, emitter.Reserve(2 * (end - start))));
                interpreted += end - start;
                continue;
            }
            if (stretches[s].IsLoop) s++;
            else while (s < stretches.Length && compiled[s] && !stretches[s].IsLoop && s - first < StepsPerKernel) s++;
            kernels.Add(emitter.Emit(stretches.AsSpan(first, s - first), $"DualGrad.Compiled{kernels.Count}"));
        }
        _kernels = kernels.ToImmutable();
        _tangentSweeps = [.. _kernels.Select(k => k.Tangent)];
        _chunkSweeps = typeof(T) == typeof(double) ? [.. _kernels.Select(k => k.Chunk!)] : [];
        InterpretedSteps = interpreted;
        _partialCount = emitter.PartialCount;
        // The generated tangent code reads the leading inputs from x and v; the interpreter, a loop that reads inputs and
        // steps through one stride, and a caller reading an input as the output need them in the arrays.
        _outputIsInput = inputs.Contains(recording.Output);
        _tangentInputsCopied = !_inputsFirst || interpreted > 0 || emitter.InputsInArrays || _outputIsInput;
        // At most four inputs first, then one straight compiled piece: the chunked gradient is one sweep in locals.
        if (_inputsFirst && interpreted == 0 && _kernels.Length == 1 && !stretches.Any(s => s.IsLoop) && !_outputIsInput && recording.Output >= 0)
            _directChunk = emitter.EmitDirectChunk(stretches.AsSpan(), recording, "DualGrad.Compiled0.direct");
        _leaves = [.. Enumerable.Range(0, steps.Length).Where(i => KernelEmitter<T>.IsLeaf(steps[i]))];
    }

    // Which stretches become generated code: loops first, those running the most steps per compiled step, then straight
    // steps in order, while the budget lasts. Generated code costs JIT time per step (0.2 to 0.7 ms, most of it inlining
    // the generic rules), and straight code for tens of thousands of distinct steps outgrows the instruction cache and
    // runs slower than the interpreter, so the rest is interpreted.
    private static bool[] Budget(ImmutableArray<Stretch> stretches, int budget)
    {
        var compiled = new bool[stretches.Length];
        foreach (var s in Enumerable.Range(0, stretches.Length).Where(s => stretches[s].IsLoop).OrderByDescending(s => stretches[s].Count))
        {
            if (stretches[s].Period > budget) continue;
            compiled[s] = true;
            budget -= stretches[s].Period;
        }
        for (var s = 0; s < stretches.Length && budget > 0; s++)
        {
            if (stretches[s].IsLoop) continue;
            compiled[s] = true;
            budget--;
        }
        return compiled;
    }

    /// <summary>Steps run by the interpreter because they were past the compile budget (see <see cref="Recording{T}.Compile"/>).</summary>
    internal int InterpretedSteps { get; }

    /// <summary>The number of inputs.</summary>
    public int InputLength { get; }

    /// <summary>The number of recorded steps (inputs and guards included).</summary>
    public int Count => _recording.Count;

    /// <summary>How many runs of repeated steps were rolled back into loops.</summary>
    public int Loops { get; }

    /// <summary>A workspace for replaying on one thread (reuse it between calls to allocate nothing).</summary>
    /// <returns>A new workspace.</returns>
    public CompiledWorkspace<T> CreateWorkspace() => new(this, _recording.Steps, _partialCount);

    /// <summary>f(x) and ∇f(x) at a new point; equal bit for bit to <see cref="Recording{T}.ValueAndGradient"/>.</summary>
    /// <param name="x">The new point (same length as the recorded one).</param>
    /// <param name="gradient">Receives ∇f(x).</param>
    /// <param name="workspace">Scratch memory from <see cref="CreateWorkspace"/>; a fresh one is made if null.</param>
    /// <returns>f(x).</returns>
    /// <exception cref="ReplayDivergedException">When a recorded comparison would now go the other way.</exception>
    public T ValueAndGradient(ReadOnlySpan<T> x, Span<T> gradient, CompiledWorkspace<T>? workspace = null)
    {
        _recording.CheckPoint(x, gradient);
        workspace = Own(workspace);
        var output = Forward(x, workspace);
        if (output < 0)
        {
            gradient.Clear();
            return _recording.OutputConstant;
        }
        var values = workspace.Values;
        var adjoints = workspace.Adjoints;
        var inputs = _recording.Inputs.AsSpan();
        ref var value0 = ref MemoryMarshal.GetArrayDataReference(values);
        ref var partial0 = ref MemoryMarshal.GetArrayDataReference(workspace.Partials);
        ref var adjoint0 = ref MemoryMarshal.GetArrayDataReference(adjoints);
        // Adjoints are all zero between calls: the backward code zeroes each step's adjoint as it reads it, and the
        // leaves, whose adjoints it never reads, are read and zeroed here. That saves clearing Count adjoints per call.
        adjoints[output] = T.One;
        var kernels = _kernels.AsSpan();
        for (var k = kernels.Length - 1; k >= 0; k--) kernels[k].Backward(ref value0, ref partial0, ref adjoint0);
        for (var i = 0; i < x.Length; i++)
        {
            var adjoint = adjoints[_inputsFirst ? i : inputs[i]];
            // + 0 as the tape's sweep adds its carry (for double and float) to every step it visits, inputs included: a
            // −0 gradient reads +0 there too.
            gradient[i] = Tape<T>.CarriesInRegister ? adjoint + T.Zero : adjoint;
        }
        foreach (var leaf in _leaves.AsSpan()) adjoints[leaf] = T.Zero;
        return values[output];
    }

    /// <summary>f(x) alone at a new point: the forward half of <see cref="ValueAndGradient"/> (a line search, say).</summary>
    /// <param name="x">The new point (same length as the recorded one).</param>
    /// <param name="workspace">Scratch memory from <see cref="CreateWorkspace"/>; a fresh one is made if null.</param>
    /// <returns>f(x).</returns>
    /// <exception cref="ReplayDivergedException">When a recorded comparison would now go the other way.</exception>
    public T Value(ReadOnlySpan<T> x, CompiledWorkspace<T>? workspace = null)
    {
        _recording.CheckPoint(x);
        workspace = Own(workspace);
        var output = Forward(x, workspace);
        return output < 0 ? _recording.OutputConstant : workspace.Values[output];
    }

    /// <summary>
    /// f(x) and the directional derivative ∇f(x)·v at a new point: forward mode on the compiled recording, each step's
    /// tangent pushed forward beside its value in one sweep, with no partials kept and no backward pass. Equal bit for
    /// bit to <see cref="Recording{T}.DirectionalDerivative"/>.
    /// </summary>
    /// <remarks>
    /// For double and float the sweep multiplies tangents without the masks that keep 0·∞ from giving NaN (they cost a
    /// test per term). Where a mask would have mattered the result is NaN, and the derivative is then taken again through
    /// the recording with the masks (an allocating, interpreted pass); where it could only change the sign of a zero, the
    /// zero is given the masked sweep's sign, +0.
    /// </remarks>
    /// <param name="x">The new point (same length as the recorded one).</param>
    /// <param name="v">The direction (same length).</param>
    /// <param name="workspace">Scratch memory from <see cref="CreateWorkspace"/>; a fresh one is made if null.</param>
    /// <returns>f(x) and ∇f(x)·v.</returns>
    /// <exception cref="ReplayDivergedException">When a recorded comparison would now go the other way.</exception>
    /// <example>
    /// <code>
    /// var compiled = Recording&lt;double&gt;.Record(x =&gt; x[0] * x[1], [2.0, 3.0]).Compile();
    /// var (f, d) = compiled.DirectionalDerivative([2.0, 3.0], [1.0, 0.0]);   // 6 and ∂f/∂x₀ = 3
    /// </code>
    /// </example>
    public (T Value, T Derivative) DirectionalDerivative(ReadOnlySpan<T> x, ReadOnlySpan<T> v, CompiledWorkspace<T>? workspace = null)
    {
        _recording.CheckPoint(x);
        Guard.SameLength(x.Length, v.Length, nameof(v), "x");
        workspace = Own(workspace);
        var values = workspace.Values;
        var tangents = workspace.Tangents;
        if (_tangentInputsCopied)
        {
            Load(x, values);
            Load(v, tangents);
        }
        Sweep(_tangentSweeps, values, tangents, x, v);
        var output = _recording.Output;
        if (output < 0) return (_recording.OutputConstant, T.Zero);
        var derivative = tangents[output];
        if (ReplayStep<T>.TangentsUnmasked && !_outputIsInput)
        {
            if (T.IsNaN(derivative)) return _recording.DirectionalDerivative(x, v);
            derivative += T.Zero;   // a zero takes the masked sweep's sign: its sums start from +0, so none ends at −0
        }
        return (values[output], derivative);
    }

    // Every piece's tangent sweep; the generated code only reads x and v (the refs are mutable only because the
    // delegate's parameters are).
    internal static void Sweep<TTangent>(TangentKernel<T, TTangent>[] sweeps, T[] values, TTangent[] tangents, ReadOnlySpan<T> x, ReadOnlySpan<TTangent> v)
    {
        ref var value0 = ref MemoryMarshal.GetArrayDataReference(values);
        ref var tangent0 = ref MemoryMarshal.GetArrayDataReference(tangents);
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var v0 = ref MemoryMarshal.GetReference(v);
        foreach (var sweep in sweeps) sweep(ref value0, ref tangent0, ref x0, ref v0);
    }

    // Inputs in, every piece forward; returns the output's step (-1 for a constant output).
    private int Forward(ReadOnlySpan<T> x, CompiledWorkspace<T> workspace)
    {
        var values = workspace.Values;
        Load(x, values);
        // The workspace was made for this recording, so its arrays have the lengths every offset in the kernels assumes.
        ref var value0 = ref MemoryMarshal.GetArrayDataReference(values);
        ref var partial0 = ref MemoryMarshal.GetArrayDataReference(workspace.Partials);
        foreach (var kernel in _kernels.AsSpan()) kernel.Forward(ref value0, ref partial0);
        return _recording.Output;
    }

    // The inputs' entries of a workspace array (values, or tangents): x, in order.
    internal void Load<TElement>(ReadOnlySpan<TElement> x, TElement[] array)
    {
        if (_inputsFirst) x.CopyTo(array);
        else
        {
            var inputs = _recording.Inputs.AsSpan();
            for (var i = 0; i < x.Length; i++) array[inputs[i]] = x[i];
        }
    }

    internal Recording<T> Source => _recording;

    internal int Output => _recording.Output;

    internal bool TangentInputsCopied => _tangentInputsCopied;

    internal TangentKernel<T, Vector256<double>>[] ChunkSweeps => _chunkSweeps;

    /// <summary>The chunked gradient as one sweep that needs no workspace (KernelEmitter.EmitDirectChunk), or null.</summary>
    internal DirectChunkKernel? DirectChunk => _directChunk;

    // The workspace a call works in: the caller's, if this recording made it (its arrays have the lengths every offset in
    // the kernels assumes), or a fresh one.
    internal CompiledWorkspace<T> Own(CompiledWorkspace<T>? workspace)
    {
        if (workspace is null) return CreateWorkspace();
        if (!ReferenceEquals(workspace.Owner, this)) throw ForeignWorkspace();
        return workspace;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException ForeignWorkspace() => new("The workspace was created by another compiled recording.", "workspace");
}

