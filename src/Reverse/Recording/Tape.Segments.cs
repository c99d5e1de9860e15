using System.Buffers;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace DualGrad.Reverse;

// Where the steps live. The first segment grows by doubling up to SegmentLength, so a small tape stays one small array;
// past that, whole segments of SegmentLength are added. Growing never copies a long tape, so a first gradient of a
// million operations costs about what a repeated one does, and no single array ever has to hold all of it.
public sealed partial class Tape<T>
{
    // 16,384 steps (640 KB for double) per segment: large enough that a sweep crosses a boundary rarely, small enough
    // that the shared array pool keeps a few of them for the next call.
    internal const int SegmentLength = 1 << 14;

    private Step[] _first;        // segment 0 (any length)
    private Step[][] _later = []; // segments 1, 2, …: SegmentLength steps each; made only when a tape outgrows its first
    private int _laterCount;      // later segments allocated; those after _current are spares a reset tape writes again
    private int _current;         // the segment being written: _steps is Segment(_current)
    private int _base;            // the index, in the whole tape, of _steps[0]

    private Step[] Segment(int k) => k == 0 ? _first : _later[k - 1];

    // The index of segment k's first step.
    private int StartOf(int k) => k == 0 ? 0 : _first.Length + (k - 1) * SegmentLength;

    // The segment holding step index.
    private int SegmentOf(int index) => index < _first.Length ? 0 : 1 + (index - _first.Length) / SegmentLength;

    // Random access for the cold paths (traces, names, diagnostics); the sweep walks segments directly.
    internal ref Step At(int index)
    {
        var k = SegmentOf(index);
        return ref Segment(k)[index - StartOf(k)];
    }

    // Called when the segment being written is full.
    private void Grow()
    {
        if (_current == 0 && _steps.Length < SegmentLength)
        {
            // Only a small first segment is ever copied (at most SegmentLength steps). A one-call tape jumps straight to a
            // whole segment: the pool hands one over as cheaply as a small array, and each doubling through the pool's
            // sizes costs a rent, a copy and a return (together half the time of a 9,000-step gradient). Not when steps
            // hold references (a tape of Var<Var<T>>): the pool clears such an array whole when it gets it back.
            var doubled = Math.Max(2 * _steps.Length, MinimumCapacity);
            _steps = _first = Grown(_steps, _used, _pooled && !RuntimeHelpers.IsReferenceOrContainsReferences<Step>() ? SegmentLength : Math.Min(doubled, SegmentLength));
            return;
        }
        if (_current == _laterCount)
        {
            if (_laterCount == _later.Length) Array.Resize(ref _later, Math.Max(2 * _later.Length, 4));
            // Every later segment must hold exactly SegmentLength steps (StartOf counts on it); the shared pool hands out
            // exactly that for a power of two, but a longer array is not taken on trust.
            var segment = _pooled ? ArrayPool<Step>.Shared.Rent(SegmentLength) : [];
            if (segment.Length != SegmentLength) segment = GC.AllocateUninitializedArray<Step>(SegmentLength);
            _later[_laterCount++] = segment;
        }
        _base = checked(_base + _steps.Length);
        _steps = _later[_current++];
        _used = 0;
    }

    // Steps held by every segment allocated so far (what the adjoint buffer is sized to, so reuse does not regrow it).
    private int Capacity => _first.Length + _laterCount * SegmentLength;

    // The recorded steps of segment k ≤ _current: all of an earlier segment, the written part of the current one.
    private ReadOnlySpan<Step> Recorded(int k) => k == _current ? _steps.AsSpan(0, _used) : Segment(k);

    /// <summary>A copy of every recorded step, in order (a recording's frozen steps).</summary>
    internal ImmutableArray<Step> Snapshot()
    {
        var copy = ImmutableArray.CreateBuilder<Step>(Count);
        for (var k = 0; k <= _current; k++) copy.AddRange(Recorded(k));
        return copy.MoveToImmutable();
    }

    /// <summary>The recorded steps, writable: replay re-evaluates them in place (a replay workspace is one segment).</summary>
    internal Span<Step> Writable => _current == 0
        ? _steps.AsSpan(0, _used)
        : throw new InvalidOperationException("Only a replay workspace's tape (one segment) is replayed in place.");

    /// <summary>A tape holding a copy of <paramref name="steps"/> in one segment (a replay workspace).</summary>
    internal static Tape<T> Copy(ReadOnlySpan<Step> steps)
    {
        var tape = new Tape<T>(Math.Max(steps.Length, 1));
        steps.CopyTo(tape._steps);
        tape._used = steps.Length;
        return tape;
    }
}
