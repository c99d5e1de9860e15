using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.InteropServices;

namespace DualGrad.Reverse;

/// <summary>
/// A <see cref="Recording{T}"/> compiled to .NET code (see <see cref="Recording{T}.Compile"/>): the same steps, rules and
/// guards, with the interpreter's per-step dispatch gone and repeated runs of steps rolled back into loops.
/// Immutable and safe to share between threads; each replay works in its own <see cref="CompiledWorkspace{T}"/>.
/// </summary>
/// <typeparam name="T">The scalar type.</typeparam>
public sealed class CompiledRecording<T> where T : IFloatingPointIeee754<T>
{
    // Steps of straight code, or loop-body steps, per generated method: small enough that the JIT inlines every rule
    // call and optimises the method fully (very large methods are compiled with fewer optimisations).
    private const int StepsPerKernel = 256;

    private readonly Recording<T> _recording;
    private readonly ImmutableArray<Kernel<T>> _kernels;
    private readonly int _partialCount;

    internal CompiledRecording(Recording<T> recording)
    {
        _recording = recording;
        var steps = recording.Steps;
        var stretches = Rerolling.Find<T>(steps.AsSpan());
        Loops = stretches.Count(s => s.IsLoop);
        var emitter = new KernelEmitter<T>(steps.ToArray());
        var kernels = ImmutableArray.CreateBuilder<Kernel<T>>();
        var first = 0;
        var size = 0;
        for (var s = 0; s < stretches.Length; s++)
        {
            size += stretches[s].Period;
            if (size < StepsPerKernel && s < stretches.Length - 1) continue;
            kernels.Add(emitter.Emit(stretches.AsSpan(first, s - first + 1), $"DualGrad.Compiled{kernels.Count}"));
            first = s + 1;
            size = 0;
        }
        _kernels = kernels.ToImmutable();
        _partialCount = emitter.PartialCount;
    }

    /// <summary>The number of inputs.</summary>
    public int InputLength => _recording.InputLength;

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
        workspace ??= CreateWorkspace();
        if (!ReferenceEquals(workspace.Owner, this)) throw new ArgumentException("The workspace was created by another compiled recording.", nameof(workspace));
        var values = workspace.Values;
        var inputs = _recording.Inputs;
        for (var i = 0; i < x.Length; i++) values[inputs[i]] = x[i];
        // The workspace was made for this recording, so its arrays have the lengths every offset in the kernels assumes.
        ref var value0 = ref MemoryMarshal.GetArrayDataReference(values);
        ref var partial0 = ref MemoryMarshal.GetArrayDataReference(workspace.Partials);
        foreach (var kernel in _kernels) kernel.Forward(ref value0, ref partial0);
        var output = _recording.Output;
        if (output < 0)
        {
            gradient.Clear();
            return _recording.OutputConstant;
        }
        var adjoints = workspace.Adjoints;
        Array.Clear(adjoints);
        adjoints[output] = T.One;
        ref var adjoint0 = ref MemoryMarshal.GetArrayDataReference(adjoints);
        for (var k = _kernels.Length - 1; k >= 0; k--) _kernels[k].Backward(ref value0, ref partial0, ref adjoint0);
        for (var i = 0; i < x.Length; i++) gradient[i] = adjoints[inputs[i]];
        return values[output];
    }
}

/// <summary>Scratch memory for replaying a <see cref="CompiledRecording{T}"/> on one thread: values, kept partials, adjoints.</summary>
/// <typeparam name="T">The scalar type.</typeparam>
public sealed class CompiledWorkspace<T> where T : IFloatingPointIeee754<T>
{
    internal CompiledWorkspace(CompiledRecording<T> owner, ImmutableArray<Tape<T>.Step> steps, int partials)
    {
        Owner = owner;
        // Every step's recorded value: a leaf that is not one of the inputs (a variable made inside f) keeps it.
        Values = new T[steps.Length];
        for (var i = 0; i < steps.Length; i++) Values[i] = steps[i].Value;
        Partials = new T[Math.Max(partials, 1)];
        Adjoints = new T[steps.Length];
    }

    internal CompiledRecording<T> Owner { get; }

    internal T[] Values { get; }

    internal T[] Partials { get; }

    internal T[] Adjoints { get; }
}
