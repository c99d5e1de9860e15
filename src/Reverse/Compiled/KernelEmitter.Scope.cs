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
    private bool[] _zeroAtStart = [];                    // in a loop: body step j's adjoint starts every iteration at 0
    private int _loopCount;                              // in a loop: its iterations
    private readonly Dictionary<(int Step, bool B), int?> _columns = [];   // in a loop: constants that differ by iteration

    // Whether a scope step's adjoint is certainly zero when the scope's backward code starts: nothing after the scope
    // sends to it (in a loop: nothing after its own iteration) and it is not the output, seeded with 1.
    private bool StartsAtZero(int i) => _scopePeriod == 0 ? i != _output && _lastChild[i] < _scopeEnd : _zeroAtStart[i - _scopeStart];

    // Whether a parent at this place is a step of the current scope (and not a leaf, whose adjoint the caller reads).
    private bool InScope(Place place) =>
        place.Base >= _scopeStart && place.Base < _scopeEnd && (_scopePeriod == 0 || place.Stride == _scopePeriod) && !IsLeaf(_steps[place.Base]);

    private void EnterScope(int start, int end, int period)
    {
        (_scopeStart, _scopeEnd, _scopePeriod) = (start, end, period);
        _valueLocals.Clear();
        _adjointLocals.Clear();
    }

    private void EnterLoop(Stretch loop)
    {
        EnterScope(loop.Start, loop.Start + loop.Period, loop.Period);
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
