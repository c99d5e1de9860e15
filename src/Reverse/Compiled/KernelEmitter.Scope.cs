using System.Collections.Immutable;
using System.Numerics;
using System.Reflection.Emit;

namespace DualGrad.Reverse;

// The scope of the code being generated: which steps live in IL locals (see KernelEmitter.cs) and where their
// adjoints start.
internal sealed partial class KernelEmitter<T> where T : IFloatingPointIeee754<T>
{
    // The scope: steps whose values and adjoints the generated code keeps in IL locals, which the JIT puts in registers,
    // so that a chain of steps waits on arithmetic, not on a store and a reload of the same address at every link.
    // A straight piece is one scope; in a loop, one iteration is (a step of iteration k whose parent is in iteration k).
    // Everything else (earlier pieces, earlier iterations, inputs) goes through the arrays.
    private int _scopeStart, _scopeEnd, _scopePeriod;   // period 0 for a straight piece
    private readonly Dictionary<int, LocalBuilder> _valueLocals = [];
    private readonly Dictionary<int, LocalBuilder> _adjointLocals = [];
    private readonly Dictionary<int, LocalBuilder> _tangentLocals = [];
    private bool[] _storedInSweep = [];                  // a tangent sweep stores scope step i − _scopeStart (see MarkStored)
    private readonly List<int> _storedAfterLoop = [];    // … or, for a carried column, only its last iteration, after the loop
    private bool[] _zeroAtStart = [];                    // in a loop: body step j's adjoint starts every iteration at 0
    private int _loopCount;                              // in a loop: its iterations
    private readonly Dictionary<(int Step, bool B), int?> _columns = [];   // in a loop: constants that differ by iteration

    // Loop-carried locals: a body step j′ whose value the next iteration reads (a running sum, a recurrence) keeps it in
    // a local from one iteration to the next, and its adjoint likewise on the way back, instead of a store and a reload
    // of the same address at every iteration, which would be the loop's critical path. Only a reference from a step j ≤ j′
    // of the next iteration can use it (a later step would find the local already overwritten): _currentBody is j.
    private readonly HashSet<int> _carried = [];        // iteration 0's index of each carried body step
    private readonly HashSet<int> _reached = [];        // iteration 0's index of each column reached by another stride
    private int _currentBody;
    private (ImmutableArray<int> A, ImmutableArray<int> B) _strides;   // in a loop: its parents' strides

    // Whether a scope step's adjoint is certainly zero when the scope's backward code starts: nothing after the scope
    // sends to it (in a loop: nothing after its own iteration) and it is not the output, seeded with 1.
    // (A column reached through the array never counts as zero: its in-iteration contributions go there too.)
    private bool StartsAtZero(int i) => _scopePeriod == 0 ? i != _output && _lastChild[i] < _scopeEnd : _zeroAtStart[i - _scopeStart] && !_reached.Contains(i);

    // Whether a parent at this place is a step of the current scope (and not a leaf, whose adjoint the caller reads).
    private bool InScope(Place place) =>
        place.Base >= _scopeStart && place.Base < _scopeEnd && (_scopePeriod == 0 || place.Stride == _scopePeriod) && !IsLeaf(_steps[place.Base]);

    // Whether its adjoint may be held in a local: in scope, and (in a loop) not also reached through the array.
    private bool AdjointInScope(Place place) => InScope(place) && !_reached.Contains(place.Base);

    private void EnterScope(int start, int end, int period)
    {
        (_scopeStart, _scopeEnd, _scopePeriod) = (start, end, period);
        _valueLocals.Clear();
        _adjointLocals.Clear();
        _tangentLocals.Clear();
        _carried.Clear();
        _reached.Clear();
        if (period == 0) MarkStored(1);
    }

    // Which scope steps a tangent sweep stores (value and tangent): those read from the arrays, by code outside their
    // scope (a later piece or iteration, the caller reading the output) or through a place other than the loop's own
    // stride (a reached column); leaves, which are always read from the arrays. Everything else lives in locals only.
    private void MarkStored(int iterations)
    {
        var period = _scopeEnd - _scopeStart;
        _storedInSweep = new bool[period];
        _storedAfterLoop.Clear();
        for (var j = 0; j < period; j++)
        {
            var column = _scopeStart + j;
            if (OnlyCarried(column, iterations))
            {
                _storedAfterLoop.Add(column);
                continue;
            }
            var stored = IsLeaf(_steps[column]) || _reached.Contains(column);
            for (var k = 0; k < iterations && !stored; k++)
            {
                var i = column + k * period;
                stored = i == _output || _lastReader[i] >= _scopeEnd + k * period;
            }
            _storedInSweep[j] = stored;
        }
    }

    // Whether a carried column is read only within its iteration and by the next one through the carried local (a
    // running sum): then only its last iteration needs storing, once the loop is done, for the code after it.
    private bool OnlyCarried(int column, int iterations)
    {
        if (!_carried.Contains(column)) return false;
        var period = _scopeEnd - _scopeStart;
        for (var j = 0; j < period; j++)
        {
            ref readonly var step = ref _steps[_scopeStart + j];
            if (step.Op == Primitive.Input) continue;
            // Any reference with the loop's stride to an earlier iteration of the column, other than the carried one.
            if (EarlierColumn(step.A, _strides.A[j]) || EarlierColumn(step.B, _strides.B[j])) return false;

            bool EarlierColumn(int parent, int stride) =>
                parent >= 0 && stride == period && parent < column && (column - parent) % period == 0 && (parent != column - period || j > column - _scopeStart);
        }
        for (var k = 0; k + 1 < iterations; k++)
        {
            var i = column + k * period;
            if (i == _output || _lastReader[i] >= _scopeEnd + (k + 1) * period) return false;
        }
        return true;
    }

    // A reference from the body step being emitted to the previous iteration's step j′, if j′ is carried and the
    // reference may use the local: the index of j′ in iteration 0, else null.
    private int? CarriedFrom(Place place)
    {
        if (_scopePeriod == 0 || place.Stride != _scopePeriod || place.Base >= _scopeStart || place.Base < _scopeStart - _scopePeriod) return null;
        var carried = place.Base + _scopePeriod;
        return _carried.Contains(carried) && _currentBody <= carried - _scopeStart ? carried : null;
    }

    // Which body columns are reached through a reference other than the loop's own stride (a fixed step read by every
    // iteration, say), and which are carried. Contributions through such a reference go to the adjoints array, possibly
    // while the column's adjoint is held in a local, which would then miss them; so a reached column keeps its adjoint
    // in the array, and is never carried. (Conservative: a reference whose range of places overlaps the column's
    // instances, iterations −1 … Count − 1, counts as reaching it.) A column is carried when the next iteration reads it
    // from a step j ≤ j′; references with the loop's stride from two or more iterations later arrive before its local
    // takes the slot, and the others go through the local.
    private void FindCarried(Stretch loop)
    {
        _carried.Clear();
        _reached.Clear();
        int s0 = loop.Start, p = loop.Period, last = loop.Count - 1;
        for (var column = s0; column < s0 + p; column++)
        {
            long first = column - p, end = column + (long)p * last;
            for (var j = 0; j < p && !_reached.Contains(column); j++)
                foreach (var (parent, stride) in Parents(loop, j))
                {
                    if (stride == p) continue;
                    long lo = parent, hi = parent + (long)stride * last;
                    if (lo > hi) (lo, hi) = (hi, lo);
                    if (hi >= first && lo <= end && (stride != 0 || (parent - column) % p == 0)) _reached.Add(column);
                }
        }
        for (var j = 0; j < p; j++)
            foreach (var (parent, stride) in Parents(loop, j))
                if (stride == p && parent < s0 && parent >= s0 - p && j <= parent + p - s0 && !_reached.Contains(parent + p)) _carried.Add(parent + p);
    }

    // Each recorded parent of body step j: iteration 0's index and its stride.
    private IEnumerable<(int Parent, int Stride)> Parents(Stretch loop, int j)
    {
        var step = _steps[loop.Start + j];
        if (step.Op is Primitive.Input or Primitive.Guard) yield break;
        if (step.A >= 0) yield return (step.A, loop.StridesA[j]);
        if (step.B >= 0) yield return (step.B, loop.StridesB[j]);
    }

    private void EnterLoop(Stretch loop)
    {
        EnterScope(loop.Start, loop.Start + loop.Period, loop.Period);
        FindCarried(loop);
        _strides = (loop.StridesA, loop.StridesB);
        MarkStored(loop.Count);
        _loopCount = loop.Count;
        _zeroAtStart = new bool[loop.Period];
        for (var j = 0; j < loop.Period; j++)
        {
            var zero = true;
            for (var k = 0; k < loop.Count && zero; k++)
            {
                var i = loop.Start + j + k * loop.Period;
                zero = i != _output && _lastChild[i] < loop.Start + (k + 1) * loop.Period;
            }
            _zeroAtStart[j] = zero;
        }
    }
}
