using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace DualGrad.Reverse;

// Where a tape's memory comes from. A tape the user creates owns its arrays and keeps them between computations.
// A tape made for one call (ReverseMode's functions, Recording.Record) rents them from the shared array pool and gives
// them back when the call ends, so a first gradient costs about what a repeated one does and allocates almost nothing.
public sealed partial class Tape<T>
{
    private const int MinimumCapacity = 64;

    // Inputs and adjoints up to this many items go through the pool (steps always do: segments are never longer than
    // SegmentLength). Bigger ones are allocated and left to the collector, so that one huge gradient does not leave
    // gigabytes parked in the shared pool.
    private const int PoolLimit = 1 << 20;

    private readonly bool _pooled;
    private Var<T>[] _inputs = [];
    private T[] _adjoints = [];

    private Tape(bool pooled)
    {
        _pooled = pooled;
        // Small at first (most one-call gradients are of small functions); past that, see Grow.
        _steps = _first = ArrayPool<Step>.Shared.Rent(MinimumCapacity);
    }

    /// <summary>A tape for one computation, its arrays rented from the shared pool; call <see cref="Release"/> when done.</summary>
    internal static Tape<T> Rent() => new(pooled: true);

    /// <summary>Gives a rented tape's arrays back. The tape is left empty; a value still pointing at it is refused by Backward.</summary>
    internal void Release()
    {
        if (!_pooled) return;
        Return(ref _first);
        for (var k = 0; k < _laterCount; k++) Return(ref _later[k]);
        _steps = [];   // (the first segment went back to the pool above; a value recorded after this grows a new one)
        _laterCount = _current = _base = _used = 0;
        Return(ref _inputs);
        Return(ref _adjoints);
        _customs?.Clear();
    }

    private static void Return<TItem>(ref TItem[] array)
    {
        // Arrays that hold references (nested Var tapes) are cleared so the pool does not keep a computation alive.
        if (array.Length is > 0 and <= PoolLimit) ArrayPool<TItem>.Shared.Return(array, RuntimeHelpers.IsReferenceOrContainsReferences<TItem>());
        array = [];
    }

    /// <summary>An array of at least <paramref name="length"/> items holding the first <paramref name="used"/> of <paramref name="old"/>.</summary>
    private TItem[] Grown<TItem>(TItem[] old, int used, int length)
    {
        // Not from the pool (a tape the user owns, or past the pool's limit): uninitialised, because every slot is written
        // before it is read (steps by recording, adjoints by Backward's clear); arrays holding references are zeroed anyway.
        var grown = _pooled && length <= PoolLimit ? ArrayPool<TItem>.Shared.Rent(length) : GC.AllocateUninitializedArray<TItem>(length);
        old.AsSpan(0, used).CopyTo(grown);
        if (_pooled) Return(ref old);
        return grown;
    }

    /// <summary>Room for up to 8 inputs on the caller's stack.</summary>
    [InlineArray(Length)]
    internal struct InputBuffer
    {
        public const int Length = 8;
        private Var<T> _element;
    }

    /// <summary>This tape's reusable input array, at least <paramref name="length"/> long.</summary>
    internal Span<Var<T>> InputArray(int length)
    {
        if (_inputs.Length < length) _inputs = Grown(_inputs, 0, length);
        return _inputs.AsSpan(0, length);
    }

    /// <summary>Resets the tape and records <paramref name="x"/> as its inputs into <paramref name="inputs"/>; with
    /// <paramref name="active"/> given, only those inputs are recorded and the others are constants.</summary>
    internal void RecordInputs(ReadOnlySpan<T> x, Span<Var<T>> inputs, ReadOnlySpan<int> active = default)
    {
        Reset();
        if (active.IsEmpty)
        {
            for (var i = 0; i < x.Length; i++) inputs[i] = Variable(x[i]);
            return;
        }
        for (var i = 0; i < x.Length; i++) inputs[i] = new Var<T>(x[i]);
        foreach (var i in active) inputs[i] = Variable(x[i]);
    }

    /// <summary>Resets the tape and records <paramref name="x"/> as its inputs (in this tape's reusable input array).</summary>
    internal ReadOnlySpan<Var<T>> Inputs(ReadOnlySpan<T> x, ReadOnlySpan<int> active = default)
    {
        var inputs = InputArray(x.Length);
        RecordInputs(x, inputs, active);
        return inputs;
    }

    /// <summary>An adjoint buffer as long as the tape (reused between computations).</summary>
    internal Span<T> AdjointBuffer()
    {
        var count = Count;
        if (_adjoints.Length < count) _adjoints = Grown(_adjoints, 0, Math.Max(count, Capacity));
        return _adjoints.AsSpan(0, count);
    }
}
