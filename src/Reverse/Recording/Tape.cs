using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DualGrad.Forward;

namespace DualGrad.Reverse;

/// <summary>
/// The recording of one gradient computation: the continuation of the forward pass, reified on the heap.
/// </summary>
/// <remarks>
/// <para>In continuation-passing reverse mode (Wang et al., ICFP 2019) each primitive computes its value, calls the rest
/// of the program, and when that returns adds its local partials times the output's adjoint into its inputs' adjoints.
/// The tape keeps the same meaning without the call stack: each step is pushed here as a pullback, and
/// <see cref="Backward(Var{T}, T, Span{T})"/> runs them once each, newest first, in a loop. Depth is bounded by memory, never by the stack.</para>
/// <para>A built-in step's closure environment (its parents' indices and local partials) is stored inline in arrays,
/// so recording allocates nothing per operation; a custom step keeps a real <see cref="Pullback{T}"/> closure.
/// Where a parent is a constant, its slot holds the constant's value instead of a partial, so the step can be replayed.</para>
/// <para>A tape belongs to one computation at a time and is not thread-safe; take one tape per thread. Values from
/// different tapes cannot be mixed (a clear exception says so), and a gradient taken on the same tape from inside the
/// function it is recording is refused. Keep no value across <see cref="Reset"/>: one that names a step past the new
/// recording is refused wherever it is used, but one whose index falls inside the new recording cannot be told from the
/// value now recorded there (telling them apart would cost every operation a check).</para>
/// <para>A tape you create keeps its memory between computations: reuse it in a loop and, once warm, a gradient
/// allocates nothing. <see cref="ReverseMode"/> makes a tape for each call whose arrays come from the shared array pool
/// and go back when the call returns. Steps are stored in segments of 16,384, so a long recording is never copied
/// while it grows and never needs one huge array.</para>
/// </remarks>
/// <typeparam name="T">The scalar type of values and adjoints (double; a dual number for forward-over-reverse; a
/// <see cref="Var{T}"/> for reverse-over-reverse).</typeparam>
public sealed partial class Tape<T> where T : IFloatingPointIeee754<T>
{
    // The segment being written (all segments: Tape.Segments.cs): 40 bytes per step for double (three doubles, two
    // ints, the opcode, padding), written with one bounds check when recording and read newest first when pulling back.
    private Step[] _steps;
    private int _used;
    private List<CustomStep>? _customs;
    // Counts resets, so that a computation can tell whether the tape was reset under it (a gradient taken on this same
    // tape from inside the function being recorded, or a Reset inside a pullback): its result would mix two computations.
    private int _resets;
    private T[] _scratch = [];

    private sealed record CustomStep(int[] Parents, Pullback<T> Pullback, string Name);

    // A custom step keeps its closure's place in _customs in its A slot, complemented (k ↦ −1 − k, its own inverse):
    // negative, so Push's check that every parent precedes its step holds for it too, even as the tape's first step.
    private static int CustomSlot(int k) => ~k;

    /// <summary>One recorded step: a pullback's environment, stored inline (a defunctionalised closure).</summary>
    internal struct Step
    {
        /// <summary>The step's value.</summary>
        public T Value;
        /// <summary>∂step/∂A, or A's value where A is a constant.</summary>
        public T PartialA;
        /// <summary>∂step/∂B, or B's value (or a parameter such as an integer exponent) where there is no parent B.</summary>
        public T PartialB;
        /// <summary>The first parent's index, -1 for a constant or none (for a custom step: its index in the closure list, complemented: see CustomSlot).</summary>
        public int A;
        /// <summary>The second parent's index, -1 for a constant or none.</summary>
        public int B;
        /// <summary>Which primitive recorded it.</summary>
        public Primitive Op;
    }

    /// <summary>Creates an empty tape.</summary>
    /// <param name="capacity">Steps to reserve room for (it grows as needed).</param>
    public Tape(int capacity = 64)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _steps = _first = new Step[capacity];
    }

    /// <summary>How many steps (inputs included) have been recorded.</summary>
    public int Count => _base + _used;

    /// <summary>Forgets every recorded step but keeps the memory, so the next computation allocates nothing.</summary>
    public void Reset()
    {
        // Storing a reference costs a write barrier; a tape that never left its first segment skips it.
        if (_current != 0) _steps = _first;
        _current = _base = _used = 0;
        _customs?.Clear();
        _resets++;
    }

    private void EnsureNotResetSince(int resets)
    {
        if (_resets != resets) throw new InvalidOperationException(
            "The tape was reset while a computation on it was running (a gradient taken on the same tape from inside the " +
            "function being differentiated, or Reset called from a pullback). Use a separate tape for the inner computation.");
    }

    /// <summary>Adds an input variable (a leaf) with value <paramref name="value"/>.</summary>
    /// <param name="value">The input's value.</param>
    /// <returns>The variable, recorded on this tape.</returns>
    public Var<T> Variable(T value) => Push(Primitive.Input, value, -1, T.Zero, -1, T.Zero);

    /// <summary>Records a custom primitive: its value (already computed) and its pullback closure.</summary>
    /// <param name="name">A name for traces and error messages.</param>
    /// <param name="inputs">The primitive's inputs.</param>
    /// <param name="value">The primitive's value at <paramref name="inputs"/>.</param>
    /// <param name="pullback">The backward step: adds ∂value/∂inputᵢ · adjoint into slot i.</param>
    /// <returns>The output, recorded on this tape.</returns>
    public Var<T> Custom(string name, ReadOnlySpan<Var<T>> inputs, T value, Pullback<T> pullback)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(pullback);
        var parents = new int[inputs.Length];
        for (var i = 0; i < inputs.Length; i++)
        {
            if (inputs[i].Tape is { } other && !ReferenceEquals(other, this)) throw MixedTapes();
            parents[i] = inputs[i].Tape is null ? -1 : StepOf(inputs[i]);
        }
        _customs ??= [];
        _customs.Add(new CustomStep(parents, pullback, name));
        return Push(Primitive.Custom, value, CustomSlot(_customs.Count - 1), T.Zero, -1, T.Zero);
    }

    /// <summary>
    /// The backward pass: seeds the adjoint of <paramref name="output"/> with <paramref name="seed"/> and runs every
    /// recorded pullback once, newest first. <paramref name="adjoints"/> (length ≥ <see cref="Count"/>) receives ∂(seed·output)/∂node for every node.
    /// </summary>
    /// <param name="output">The value to differentiate (recorded on this tape, or a constant).</param>
    /// <param name="seed">Its adjoint: 1 for a gradient, uᵢ for a vector-Jacobian product.</param>
    /// <param name="adjoints">Cleared and filled; index it with <see cref="Var{T}.Index"/>.</param>
    public void Backward(Var<T> output, T seed, Span<T> adjoints)
    {
        var count = Count;
        if (adjoints.Length < count) throw new ArgumentException($"adjoints has length {adjoints.Length}, the tape has {count} steps.", nameof(adjoints));
        adjoints[..count].Clear();
        if (output.Tape is null) return;   // a constant output: every adjoint is 0
        if (!ReferenceEquals(output.Tape, this)) throw MixedTapes();
        if ((uint)output.Index >= (uint)count) throw Stale();
        Accumulate(output.Index, seed, adjoints, null);
    }

    /// <summary>The backward pass for several outputs at once: adjoints receive Σᵢ seedᵢ·∂outputᵢ/∂node (a vector-Jacobian product).</summary>
    /// <param name="outputs">The outputs.</param>
    /// <param name="seeds">Their adjoints (the cotangent u).</param>
    /// <param name="adjoints">Cleared and filled.</param>
    public void Backward(ReadOnlySpan<Var<T>> outputs, ReadOnlySpan<T> seeds, Span<T> adjoints)
    {
        if (seeds.Length != outputs.Length) throw new ArgumentException($"seeds has length {seeds.Length}, outputs has length {outputs.Length}.", nameof(seeds));
        var count = Count;
        if (adjoints.Length < count) throw new ArgumentException($"adjoints has length {adjoints.Length}, the tape has {count} steps.", nameof(adjoints));
        adjoints[..count].Clear();
        var last = -1;
        for (var i = 0; i < outputs.Length; i++)
        {
            if (outputs[i].Tape is null) continue;
            if (!ReferenceEquals(outputs[i].Tape, this)) throw MixedTapes();
            if ((uint)outputs[i].Index >= (uint)count) throw Stale();
            adjoints[outputs[i].Index] += seeds[i];
            last = Math.Max(last, outputs[i].Index);
        }
        if (last >= 0) Accumulate(last, T.Zero, adjoints, null);
    }

    /// <summary>Runs the pullbacks from node <paramref name="from"/> down to 0, reporting each step to <paramref name="observer"/> if given.</summary>
    internal void Accumulate(int from, T seed, Span<T> adjoints, Action<int, T>? observer)
    {
        // Three compiled sweeps: a tape without custom steps and nobody watching runs a loop with no call in it, so
        // the JIT keeps the loop's state in registers instead of saving it around a call that never happens.
        if (observer is null && !HasCustomSteps)
        {
            Accumulate<Silent, BuiltInStepsOnly>(from, seed, adjoints, default);
            return;
        }
        // User code runs during these sweeps (a pullback, an observer), and could reset the tape under them.
        var resets = _resets;
        if (observer is not null) Accumulate<Narrated, WithCustomSteps>(from, seed, adjoints, new Narrated(observer));
        else Accumulate<Silent, WithCustomSteps>(from, seed, adjoints, default);
        EnsureNotResetSince(resets);
    }

    /// <summary>Sees each step's adjoint as its pullback runs (a struct, so the silent case compiles to nothing).</summary>
    private interface IObserver
    {
        void Observe(int node, T adjoint);
    }

    private readonly struct Silent : IObserver
    {
        public void Observe(int node, T adjoint) { }
    }

    private readonly struct Narrated(Action<int, T> observer) : IObserver
    {
        public void Observe(int node, T adjoint) => observer(node, adjoint);
    }

    /// <summary>Whether a sweep must look for custom steps (a compile-time answer per instantiation).</summary>
    private interface IStepKinds
    {
        static abstract bool MayBeCustom { get; }
    }

    private readonly struct WithCustomSteps : IStepKinds
    {
        public static bool MayBeCustom => true;
    }

    private readonly struct BuiltInStepsOnly : IStepKinds
    {
        public static bool MayBeCustom => false;
    }

    // The backward sweep. Parents always precede their children (a parent's index is below the step's), and the
    // caller checked adjoints.Length >= Count, so the indexing below stays in range without bounds checks.
    // Never inlined: inlined into a caller (a gradient call, a benchmark) it can exhaust that caller's inlining budget,
    // and Send and CarriesInRegister then become calls on every step (a 1,000-step chain took 50 µs instead of 30).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Accumulate<TObserver, TSteps>(int from, T seed, Span<T> adjoints, TObserver observer)
        where TObserver : struct, IObserver
        where TSteps : struct, IStepKinds
    {
        adjoints[from] += seed;
        ref var adjoint0 = ref MemoryMarshal.GetReference(adjoints);
        // What a step sends to the step just before it (the commonest link: a chain of operations) is carried in a
        // register instead of stored and reloaded at once; for double this is about a fifth of the sweep's time.
        var carry = T.Zero;
        // Segment by segment, newest first: i is the step's index in the tape (adjoints, parents), j its place in the segment.
        nint i = from;
        for (var k = SegmentOf(from); k >= 0; k--)
        {
            ref var step0 = ref MemoryMarshal.GetArrayDataReference(Segment(k));
            for (var j = i - StartOf(k); j >= 0; j--, i--)
            {
                var g = Unsafe.Add(ref adjoint0, i);
                if (CarriesInRegister)
                {
                    g += carry;
                    carry = T.Zero;
                    Unsafe.Add(ref adjoint0, i) = g;
                }
                observer.Observe((int)i, g);
                // An adjoint that is exactly 0 contributes nothing; skipping keeps 0·∞ (√x at 0, say) from becoming NaN.
                if (T.IsZero(g)) continue;
                ref readonly var step = ref Unsafe.Add(ref step0, j);
                // Inputs need no test: they have no parents (A = B = -1). Nor do guards: nothing uses a guard as a parent,
                // so a guard's adjoint is 0 and it was skipped above. Only a custom step's A means something else.
                if (TSteps.MayBeCustom && step.Op <= Primitive.Guard)
                {
                    if (step.Op == Primitive.Custom) RunCustom(CustomSlot(step.A), g, adjoints);
                    continue;
                }
                // A zero partial contributes nothing even against an infinite adjoint, as a zero tangent does in
                // forward mode: both modes then agree at singular points (cbrt(u³) at u = 0 gives 0, not NaN). Against a
                // finite adjoint a zero partial adds a zero, so only the non-finite case pays for the test.
                // A constant parent (index -1) keeps its value in the partial's slot and receives nothing.
                if (T.IsFinite(g))
                {
                    if (step.A >= 0) Send(ref adjoint0, step.A, step.PartialA * g, i, ref carry);
                    if (step.B >= 0) Send(ref adjoint0, step.B, step.PartialB * g, i, ref carry);
                }
                else
                {
                    if (step.A >= 0 && !T.IsZero(step.PartialA)) Send(ref adjoint0, step.A, step.PartialA * g, i, ref carry);
                    if (step.B >= 0 && !T.IsZero(step.PartialB)) Send(ref adjoint0, step.B, step.PartialB * g, i, ref carry);
                }
            }
        }
    }

    // Only for plain floating-point adjoints: for a nested type (Var over Var) the extra sum would itself be recorded.
    // (Compiled replay reproduces the carry's rounding, and so asks too.)
    internal static bool CarriesInRegister
    {
        // Inlined even on the cold (non-finite) path: a call there would make the JIT keep the carry in memory.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(T) == typeof(double) || typeof(T) == typeof(float);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Send(ref T adjoint0, int parent, T contribution, nint node, ref T carry)
    {
        // Compared as ints and indexed zero-extended (parent ≥ 0 here): no sign extension on the sweep's hottest path.
        if (CarriesInRegister && parent == (int)node - 1) carry += contribution;
        else Unsafe.Add(ref adjoint0, (nint)(uint)parent) += contribution;
    }

    private void RunCustom(int which, T g, Span<T> adjoints)
    {
        var step = _customs![which];
        // Borrowed for the call: a pullback that runs a backward pass on this tape itself gets its own scratch instead
        // of overwriting these slots.
        var scratch = _scratch;
        _scratch = [];
        if (scratch.Length < step.Parents.Length) scratch = new T[step.Parents.Length];
        var slots = scratch.AsSpan(0, step.Parents.Length);
        slots.Clear();
        try
        {
            step.Pullback(g, slots);
        }
        catch (IndexOutOfRangeException e)
        {
            throw new InvalidOperationException($"The pullback of the custom primitive '{step.Name}' indexed out of range: it gets {slots.Length} slots, one per input.", e);
        }
        for (var j = 0; j < slots.Length; j++)
            if (step.Parents[j] >= 0) adjoints[step.Parents[j]] += slots[j];
        _scratch = scratch;
    }

    // ----- recording -----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Var<T> Push(Primitive op, T value, int a, T pa, int b, T pb)
    {
        var i = _used;
        var steps = _steps;
        var index = _base + i;
        // Growing is out of line and returns only the index (an int in a register): a call returning a Var would need
        // a stack slot that every caller's frame zeroes on entry, once per recorded operation it inlines. So is the
        // refusal of a parent that is not an earlier step (a value kept from before a Reset): the backward sweep
        // indexes adjoints by parent without bounds checks, trusting every parent to precede its step.
        if ((uint)i < (uint)steps.Length && a < index && b < index)
        {
            ref var step = ref steps[i];
            step.Value = value;
            step.PartialA = pa;
            step.PartialB = pb;
            step.A = a;
            step.B = b;
            step.Op = op;
            _used = i + 1;
            i = index;
        }
        else
        {
            i = PushAfterGrowing(op, value, a, pa, b, pb);
        }
        return new Var<T>(value, this, i);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int PushAfterGrowing(Primitive op, T value, int a, T pa, int b, T pb)
    {
        if (a >= Count || b >= Count) throw Stale();
        Grow();
        return Push(op, value, a, pa, b, pb).Index;
    }

    /// <summary>A value's index for a step recorded off the arithmetic path (a custom step's inputs, a guard's operands):
    /// refused, like Push refuses it, unless it names a step already on the tape.</summary>
    internal int StepOf(Var<T> x) => (uint)x.Index < (uint)Count ? x.Index : throw Stale();

    /// <summary>The tape two operands share: null if both are constants.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Tape<T>? Of(Var<T> x, Var<T> y)
    {
        var tx = x.Tape;
        var ty = y.Tape;
        if (tx is null) return ty;
        if (ty is null || ReferenceEquals(tx, ty)) return tx;
        throw MixedTapes();
    }

    // The backward sweep indexes without bounds checks, so a value left over from before a Reset must be refused here.
    private static InvalidOperationException Stale() => new(
        "This value was recorded before the tape was reset (or after its computation ended); its step is no longer on the tape. " +
        "Differentiate values recorded in the current computation.");

    internal static InvalidOperationException MixedTapes() => new(
        "These values belong to different recordings (tapes). A value recorded for one gradient cannot be used in another; " +
        "for a derivative inside a derivative, lift the outer value into the inner computation with Var<T>.Constant.");

    // ----- read access for replay, traces and diagnostics (snapshots and replay's workspace: Tape.Segments.cs) -----

    internal bool HasCustomSteps => _customs is { Count: > 0 };

    internal string NameOf(int node)
    {
        ref readonly var step = ref At(node);
        return step.Op == Primitive.Custom ? _customs![CustomSlot(step.A)].Name : step.Op.ToString();
    }

    internal int[] CustomParents(int node) => _customs![CustomSlot(At(node).A)].Parents;

    /// <summary>The first recorded step whose value is NaN or infinite, or -1: where a non-finite result began.</summary>
    /// <returns>The step's index, or -1.</returns>
    public int FirstNonFinite()
    {
        for (int k = 0, start = 0; k <= _current; start += Segment(k).Length, k++)
        {
            var steps = Recorded(k);
            for (var j = 0; j < steps.Length; j++)
                if (!T.IsFinite(steps[j].Value)) return start + j;
        }
        return -1;
    }

    /// <summary>The name of the primitive recorded at step <paramref name="node"/> (a custom primitive's own name).</summary>
    /// <param name="node">A step index, 0 ≤ node &lt; Count.</param>
    /// <returns>The name.</returns>
    public string PrimitiveName(int node)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(node);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(node, Count);
        return NameOf(node);
    }

    // ----- whole computations, reusing this tape's memory (buffers: Tape.Memory.cs) -----

    /// <summary>
    /// f(x) and ∇f(x) in one recording and one backward sweep, reusing this tape's memory: after the first call
    /// with a given function size, nothing is allocated.
    /// </summary>
    /// <param name="f">The function, written on <see cref="Var{T}"/>.</param>
    /// <param name="x">The point.</param>
    /// <param name="gradient">Receives ∇f(x), same length as x.</param>
    /// <returns>f(x).</returns>
    public T ValueAndGradient(ScalarFunc<Var<T>> f, ReadOnlySpan<T> x, Span<T> gradient)
    {
        ArgumentNullException.ThrowIfNull(f);
        Guard.NotEmpty(x, nameof(x));
        Guard.SameLength(x.Length, gradient.Length, nameof(gradient), "x");
        // Up to InputBuffer's length the inputs live on the stack: storing a Var (it holds a reference) into a heap
        // array costs a GC write barrier per input.
        var local = new InputBuffer();
        var inputs = x.Length <= InputBuffer.Length ? local[..x.Length] : InputArray(x.Length);
        RecordInputs(x, inputs);
        var resets = _resets;
        var y = f(inputs);
        EnsureNotResetSince(resets);
        var adjoints = AdjointBuffer();
        Backward(y, T.One, adjoints);
        for (var i = 0; i < x.Length; i++) gradient[i] = adjoints[inputs[i].Index];
        return y.Value;
    }

    /// <summary>
    /// The backward pass of <paramref name="output"/>, narrated: one <see cref="TraceStep{T}"/> per recorded step, in the order
    /// the pullbacks run (newest first), each with its local partials and its adjoint when its pullback runs.
    /// </summary>
    /// <param name="output">The value to differentiate.</param>
    /// <returns>The steps, output first.</returns>
    public ImmutableArray<TraceStep<T>> Trace(Var<T> output)
    {
        if (output.Tape is null) return [];
        if (!ReferenceEquals(output.Tape, this)) throw MixedTapes();
        if ((uint)output.Index >= (uint)Count) throw Stale();
        var adjoints = new T[Count];
        var steps = ImmutableArray.CreateBuilder<TraceStep<T>>();
        Accumulate(output.Index, T.One, adjoints, (i, g) =>
        {
            var parents = ImmutableArray.CreateBuilder<int>();
            var partials = ImmutableArray.CreateBuilder<T>();
            var step = At(i);
            if (step.Op == Primitive.Custom)
            {
                foreach (var p in CustomParents(i)) if (p >= 0) parents.Add(p);
            }
            else if (step.Op is not (Primitive.Input or Primitive.Guard))
            {
                if (step.A >= 0) { parents.Add(step.A); partials.Add(step.PartialA); }
                if (step.B >= 0) { parents.Add(step.B); partials.Add(step.PartialB); }
            }
            steps.Add(new TraceStep<T>(i, NameOf(i), step.Value, parents.ToImmutable(), partials.ToImmutable(), g));
        });
        return steps.ToImmutable();
    }
}
