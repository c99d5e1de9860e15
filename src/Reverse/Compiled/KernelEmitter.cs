using System.Numerics;
using System.Reflection;
using System.Reflection.Emit;
using DualGrad.Forward;

namespace DualGrad.Reverse;

/// <summary>Re-evaluates a piece of a compiled recording: values, and the partials it keeps.</summary>
internal delegate void ForwardKernel<T>(ref T values, ref T partials) where T : IFloatingPointIeee754<T>;

/// <summary>Runs a piece's pullbacks, newest first, into the adjoints.</summary>
internal delegate void BackwardKernel<T>(ref T values, ref T partials, ref T adjoints) where T : IFloatingPointIeee754<T>;

/// <summary>One piece of a compiled recording: consecutive stretches, forward and backward.</summary>
internal sealed record Kernel<T>(ForwardKernel<T> Forward, BackwardKernel<T> Backward) where T : IFloatingPointIeee754<T>;

// Writes the code the interpreter would run for a piece of a recording, with every opcode, parent index and constant
// fixed: what is left is the rules themselves (ReplayStep, inlined by the JIT) and loads and stores at known places.
//
// Layout: values[i] is step i's value. A step whose rule is cheap (ReplayStep.Recomputed) keeps no partials: the
// backward code calls its rule again on its parents' values. Other steps keep theirs in `partials`, at a slot given
// here. The memory a replay touches is then about what the function's own values take, not the tape's 40 bytes a step.
//
// The generated methods address these arrays by offsets from their first element, without bounds checks. They are
// only ever called on a workspace made for the very recording they were generated from (CompiledRecording checks),
// and every offset is a recorded index below Count or a slot below PartialCount, so each access is in range.
internal sealed class KernelEmitter<T> where T : IFloatingPointIeee754<T>
{
    private static readonly MethodInfo Evaluate = Method(nameof(ReplayStep<T>.Rule));
    private static readonly MethodInfo FusedSum = Method(nameof(ReplayStep<T>.FusedSum));
    private static readonly MethodInfo Sum = Method(nameof(ReplayStep<T>.Sum));
    private static readonly MethodInfo Check = Method(nameof(ReplayStep<T>.Check));
    private static readonly MethodInfo Add = Method(nameof(ReplayStep<T>.Add));
    private static readonly MethodInfo Pulled = Method(nameof(ReplayStep<T>.Pulled));
    private static readonly MethodInfo Zero = Method(nameof(ReplayStep<T>.Zero));
    private static readonly MethodInfo RuleValue = typeof(Local2<T>).GetProperty(nameof(Local2<T>.Value))!.GetMethod!;
    private static readonly MethodInfo RuleDX = typeof(Local2<T>).GetProperty(nameof(Local2<T>.DX))!.GetMethod!;
    private static readonly MethodInfo RuleDY = typeof(Local2<T>).GetProperty(nameof(Local2<T>.DY))!.GetMethod!;

    // Arguments of the generated methods: the bound constants, then the arrays.
    private const int Constants = 0, Values = 1, Partials = 2, Adjoints = 3;

    private readonly Tape<T>.Step[] _steps;
    private readonly List<T> _constants = [];
    private int _partialCount;

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

    // The newest step that has step i as a parent (-1 for none), and the output step: an adjoint can only be nonzero
    // on entry to a piece if a later piece sends to it or it is the output.
    private readonly int[] _lastChild;
    private readonly int _output;

    /// <summary>Prepares to emit the pieces of one recording, in order (partial slots are numbered across pieces).</summary>
    public KernelEmitter(Tape<T>.Step[] steps, int output)
    {
        _steps = steps;
        _output = output;
        _lastChild = new int[steps.Length];
        Array.Fill(_lastChild, -1);
        for (var j = 0; j < steps.Length; j++)
        {
            if (IsLeaf(steps[j])) continue;
            if (steps[j].A >= 0) _lastChild[steps[j].A] = j;
            if (steps[j].B >= 0) _lastChild[steps[j].B] = j;
        }
    }

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

    /// <summary>How many partial slots the pieces emitted so far use.</summary>
    public int PartialCount => _partialCount;

    /// <summary>Reserves partial slots for a piece emitted elsewhere (an interpreted one); returns the first.</summary>
    public int Reserve(int count)
    {
        var first = _partialCount;
        _partialCount += count;
        return first;
    }

    /// <summary>Whether a step sends nothing back, so the backward code never reads its adjoint (an input, a variable made in f, a guard).</summary>
    public static bool IsLeaf(in Tape<T>.Step step) => step.Op is Primitive.Input or Primitive.Guard || (step.A < 0 && step.B < 0);

    private static MethodInfo Method(string name) =>
        typeof(ReplayStep<T>).GetMethod(name, BindingFlags.Public | BindingFlags.Static) ?? throw new MissingMethodException(nameof(ReplayStep<T>), name);

    /// <summary>Generates the forward and backward code of one piece (consecutive stretches).</summary>
    public Kernel<T> Emit(ReadOnlySpan<Stretch> piece, string name)
    {
        _constants.Clear();
        _columns.Clear();
        var straight = piece.Length > 1 || !piece[0].IsLoop;   // CompiledRecording gives each loop a piece of its own
        if (straight) EnterScope(piece[0].Start, piece[^1].Start + piece[^1].Length, 0);
        else EnterLoop(piece[0]);
        var byRef = typeof(T).MakeByRefType();
        var slots = new int[piece.Length];
        var forward = new DynamicMethod($"{name}.forward", typeof(void), [typeof(T[]), byRef, byRef], typeof(KernelEmitter<T>).Module, skipVisibility: true);
        var il = forward.GetILGenerator();
        var rule = il.DeclareLocal(typeof(Local2<T>));
        for (var s = 0; s < piece.Length; s++)
        {
            slots[s] = _partialCount;
            _partialCount += KeptPartials(piece[s]) * piece[s].Count;
            EmitForward(il, piece[s], slots[s], rule);
        }
        il.Emit(OpCodes.Ret);
        var backward = new DynamicMethod($"{name}.backward", typeof(void), [typeof(T[]), byRef, byRef, byRef], typeof(KernelEmitter<T>).Module, skipVisibility: true);
        il = backward.GetILGenerator();
        _valueLocals.Clear();   // the forward method's locals; here a recomputed rule reads its parents from the values
        rule = il.DeclareLocal(typeof(Local2<T>));
        var g = il.DeclareLocal(typeof(T));
        var carry = il.DeclareLocal(typeof(T));
        for (var s = piece.Length - 1; s >= 0; s--) EmitBackward(il, piece[s], slots[s], rule, g, carry);
        il.Emit(OpCodes.Ret);
        // The constants (values of constant parents, parameters) that are not in the code are bound as the first argument.
        var constants = _constants.ToArray();
        return new Kernel<T>(
            (ForwardKernel<T>)forward.CreateDelegate(typeof(ForwardKernel<T>), constants),
            (BackwardKernel<T>)backward.CreateDelegate(typeof(BackwardKernel<T>), constants));
    }

    // A place in an array: iteration k of a loop uses Base + Stride·k; outside a loop Stride is unused.
    private readonly record struct Place(int Base, int Stride);

    // Partials a step keeps: one per recorded parent, unless its rule is recomputed on the way back.
    private static int Kept(in Tape<T>.Step step) =>
        step.Op is Primitive.Input or Primitive.Guard || ReplayStep<T>.Recomputed(step.Op) ? 0 : (step.A >= 0 ? 1 : 0) + (step.B >= 0 ? 1 : 0);

    private int KeptPartials(Stretch stretch)
    {
        var kept = 0;
        for (var j = 0; j < stretch.Period; j++) kept += Kept(_steps[stretch.Start + j]);
        return kept;
    }

    // Runs body(k) for k = 0 … Count − 1 (or the reverse), with k in an IL local; a single step runs once with no local.
    private static void Repeat(ILGenerator il, Stretch stretch, bool reversed, Action<LocalBuilder?> body)
    {
        if (!stretch.IsLoop)
        {
            body(null);
            return;
        }
        var k = il.DeclareLocal(typeof(int));
        var top = il.DefineLabel();
        il.Emit(OpCodes.Ldc_I4, reversed ? stretch.Count - 1 : 0);
        il.Emit(OpCodes.Stloc, k);
        il.MarkLabel(top);
        body(k);
        il.Emit(OpCodes.Ldloc, k);
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(reversed ? OpCodes.Sub : OpCodes.Add);
        il.Emit(OpCodes.Dup);
        il.Emit(OpCodes.Stloc, k);
        if (reversed)
        {
            il.Emit(OpCodes.Ldc_I4_0);
            il.Emit(OpCodes.Bge, top);
        }
        else
        {
            il.Emit(OpCodes.Ldc_I4, stretch.Count);
            il.Emit(OpCodes.Blt, top);
        }
    }

    // Pushes the place's index as an int.
    private static void EmitIndex(ILGenerator il, Place place, LocalBuilder? k)
    {
        il.Emit(OpCodes.Ldc_I4, place.Base);
        if (k is null || place.Stride == 0) return;
        il.Emit(OpCodes.Ldloc, k);
        il.Emit(OpCodes.Ldc_I4, place.Stride);
        il.Emit(OpCodes.Mul);
        il.Emit(OpCodes.Add);
    }

    // Pushes a reference to element [place] of the array whose first element the argument refers to.
    private static void EmitElement(ILGenerator il, int argument, Place place, LocalBuilder? k)
    {
        il.Emit(OpCodes.Ldarg, argument);
        EmitIndex(il, place, k);
        il.Emit(OpCodes.Conv_I);
        il.Emit(OpCodes.Sizeof, typeof(T));
        il.Emit(OpCodes.Mul);
        il.Emit(OpCodes.Add);
    }

    private static void EmitLoad(ILGenerator il, int argument, Place place, LocalBuilder? k)
    {
        EmitElement(il, argument, place, k);
        il.Emit(OpCodes.Ldobj, typeof(T));
    }

    // Pushes an operand: a recorded parent's value, or a constant (kept in the step's slot).
    // (In a loop, `at` names the step and slot the constant came from: a constant that differs between iterations,
    // such as data, is read from a column of the constants array, one entry per iteration.)
    private void EmitOperand(ILGenerator il, int parent, int stride, T constant, LocalBuilder? k, (int Step, bool B)? at = null)
    {
        if (parent < 0 && k is not null && at is { } slot && ConstantColumn(slot.Step, slot.B) is { } column)
        {
            il.Emit(OpCodes.Ldarg, Constants);
            EmitIndex(il, new Place(column, 1), k);
            il.Emit(OpCodes.Ldelem, typeof(T));
        }
        else if (parent < 0) EmitConstant(il, constant);
        else if (InScope(new Place(parent, stride)) && _valueLocals.TryGetValue(parent, out var local)) il.Emit(OpCodes.Ldloc, local);
        else EmitLoad(il, Values, new Place(parent, stride), k);
    }

    // Where in the constants array iteration 0's constant of this loop-body slot sits, the later iterations' after it;
    // null when every iteration has the same constant (compiled into the code).
    private int? ConstantColumn(int step, bool slotB)
    {
        if (_columns.TryGetValue((step, slotB), out var known)) return known;
        var first = slotB ? _steps[step].PartialB : _steps[step].PartialA;
        var varies = false;
        for (var k = 1; k < _loopCount && !varies; k++)
        {
            ref readonly var later = ref _steps[step + k * _scopePeriod];
            varies = !Rerolling.Same(first, slotB ? later.PartialB : later.PartialA);
        }
        int? column = null;
        if (varies)
        {
            column = _constants.Count;
            for (var k = 0; k < _loopCount; k++) _constants.Add(slotB ? _steps[step + k * _scopePeriod].PartialB : _steps[step + k * _scopePeriod].PartialA);
        }
        _columns[(step, slotB)] = column;
        return column;
    }

    private void EmitConstant(ILGenerator il, T constant)
    {
        // double and float constants go into the code itself; other types are read from the bound constants array.
        if (typeof(T) == typeof(double)) il.Emit(OpCodes.Ldc_R8, double.CreateTruncating(constant));
        else if (typeof(T) == typeof(float)) il.Emit(OpCodes.Ldc_R4, float.CreateTruncating(constant));
        else
        {
            il.Emit(OpCodes.Ldarg, Constants);
            il.Emit(OpCodes.Ldc_I4, _constants.Count);
            il.Emit(OpCodes.Ldelem, typeof(T));
            _constants.Add(constant);
        }
    }

    // Pushes the step's rule at its parents' current values: a Local2 (value, ∂/∂A, ∂/∂B).
    private void EmitRule(ILGenerator il, int index, int strideA, int strideB, LocalBuilder? k)
    {
        ref readonly var step = ref _steps[index];
        if (step.Op == Primitive.FusedMultiplyAdd)
        {
            // Never inside a loop (Rerolling.Alike), so every place here is fixed.
            if (Recording<T>.FusedFactors(_steps, step.A) is var (left, right))
            {
                EmitOperand(il, left.Index, 0, left.Constant, null);
                EmitOperand(il, right.Index, 0, right.Constant, null);
                EmitOperand(il, step.B, 0, step.PartialB, null);
                il.Emit(OpCodes.Call, FusedSum);
            }
            else
            {
                EmitOperand(il, step.A, 0, step.PartialA, null);
                EmitOperand(il, step.B, 0, step.PartialB, null);
                il.Emit(OpCodes.Call, Sum);
            }
            return;
        }
        EmitOperand(il, step.A, strideA, step.PartialA, k, (index, false));
        EmitOperand(il, step.B, strideB, step.PartialB, k, (index, true));
        il.Emit(OpCodes.Ldc_I4, (int)step.Op);
        il.Emit(OpCodes.Call, Evaluate);
    }

    // Stores a field of the rule (in the local) at a place.
    private static void EmitStore(ILGenerator il, int argument, Place place, LocalBuilder? k, LocalBuilder rule, MethodInfo field)
    {
        EmitElement(il, argument, place, k);
        il.Emit(OpCodes.Ldloca, rule);
        il.Emit(OpCodes.Call, field);
        il.Emit(OpCodes.Stobj, typeof(T));
    }

    private void EmitForward(ILGenerator il, Stretch stretch, int slot, LocalBuilder rule)
    {
        var perIteration = KeptPartials(stretch);
        Repeat(il, stretch, reversed: false, k =>
        {
            var kept = 0;
            for (var j = 0; j < stretch.Period; j++)
            {
                var index = stretch.Start + j;
                ref readonly var step = ref _steps[index];
                switch (step.Op)
                {
                    case Primitive.Input:
                        break;
                    case Primitive.Guard:
                        var (kind, outcome) = Guards.Decode(step.Value);
                        EmitOperand(il, step.A, stretch.StridesA[j], step.PartialA, k, (index, false));
                        EmitOperand(il, step.B, stretch.StridesB[j], step.PartialB, k, (index, true));
                        il.Emit(OpCodes.Ldc_I4, (int)kind);
                        il.Emit(outcome ? OpCodes.Ldc_I4_1 : OpCodes.Ldc_I4_0);
                        EmitIndex(il, new Place(index, stretch.Period), k);
                        il.Emit(OpCodes.Call, Check);
                        break;
                    default:
                        EmitRule(il, index, stretch.StridesA[j], stretch.StridesB[j], k);
                        il.Emit(OpCodes.Stloc, rule);
                        EmitStore(il, Values, new Place(index, stretch.Period), k, rule, RuleValue);
                        {
                            var value = il.DeclareLocal(typeof(T));
                            il.Emit(OpCodes.Ldloca, rule);
                            il.Emit(OpCodes.Call, RuleValue);
                            il.Emit(OpCodes.Stloc, value);
                            _valueLocals[index] = value;
                        }
                        if (Kept(step) == 0) break;
                        if (step.A >= 0) EmitStore(il, Partials, new Place(slot + kept++, perIteration), k, rule, RuleDX);
                        if (step.B >= 0) EmitStore(il, Partials, new Place(slot + kept++, perIteration), k, rule, RuleDY);
                        break;
                }
            }
        });
    }

    // The pullbacks, newest first: g = the step's adjoint; each recorded parent receives partial · g (ReplayStep.Pull*).
    // Inputs and guards have no parents and send nothing.
    private void EmitBackward(ILGenerator il, Stretch stretch, int slot, LocalBuilder rule, LocalBuilder g, LocalBuilder carry)
    {
        var perIteration = KeptPartials(stretch);
        Repeat(il, stretch, reversed: true, k =>
        {
            var kept = perIteration;
            for (var j = stretch.Period - 1; j >= 0; j--)
            {
                var index = stretch.Start + j;
                ref readonly var step = ref _steps[index];
                if (IsLeaf(step)) continue;
                var stored = Kept(step);
                kept -= stored;
                if (!_adjointLocals.TryGetValue(index, out var own) && StartsAtZero(index)) continue;   // nothing reaches it: it sends nothing
                if (stored == 0)
                {
                    EmitRule(il, index, stretch.StridesA[j], stretch.StridesB[j], k);
                    il.Emit(OpCodes.Stloc, rule);
                }
                if (own is not null) il.Emit(OpCodes.Ldloc, own);
                else EmitTake(il, new Place(index, stretch.Period), k);
                il.Emit(OpCodes.Stloc, g);
                var next = slot + kept;
                var partialA = new Place(next, perIteration);
                var partialB = new Place(step.A >= 0 ? next + 1 : next, perIteration);
                void PullA() { EmitPartial(il, stored, rule, RuleDX, partialA, k); il.Emit(OpCodes.Ldloc, g); il.Emit(OpCodes.Call, Pulled); }
                void PullB() { EmitPartial(il, stored, rule, RuleDY, partialB, k); il.Emit(OpCodes.Ldloc, g); il.Emit(OpCodes.Call, Pulled); }
                if (step.A >= 0 && step.A == step.B && step.A == index - 1)
                {
                    // Both partials to the step just before, as the tape's sweep sends them: summed first (from +0), then
                    // added once (Tape.Send's carry), so that the sum rounds the same way here as there.
                    il.Emit(OpCodes.Call, Zero);
                    PullA();
                    PullB();
                    il.Emit(OpCodes.Stloc, carry);
                    EmitSend(il, new Place(step.A, stretch.StridesA[j]), k, () => { il.Emit(OpCodes.Ldloc, carry); il.Emit(OpCodes.Call, Add); });
                    continue;
                }
                if (step.A >= 0) EmitSend(il, new Place(step.A, stretch.StridesA[j]), k, PullA);
                if (step.B >= 0) EmitSend(il, new Place(step.B, stretch.StridesB[j]), k, PullB);
            }
        });
    }

    // Pushes adjoints[place] and zeroes the slot: each adjoint is read once, and left zero for the next call
    // (CompiledRecording relies on it).
    private static void EmitTake(ILGenerator il, Place place, LocalBuilder? k)
    {
        EmitLoad(il, Adjoints, place, k);
        EmitElement(il, Adjoints, place, k);
        il.Emit(OpCodes.Call, Zero);
        il.Emit(OpCodes.Stobj, typeof(T));
    }

    // Updates a parent's adjoint (emitUpdate turns the adjoint on the stack into the new one): in its local when it is in
    // scope (the local starts from what was sent before the scope's code began, taken from its slot, unless that is
    // certainly zero), else in its slot in the adjoints.
    private void EmitSend(ILGenerator il, Place parent, LocalBuilder? k, Action emitUpdate)
    {
        if (InScope(parent))
        {
            var index = parent.Base;
            if (!_adjointLocals.TryGetValue(index, out var local))
            {
                local = il.DeclareLocal(typeof(T));
                if (StartsAtZero(index)) il.Emit(OpCodes.Call, Zero);
                else EmitTake(il, parent, k);
                il.Emit(OpCodes.Stloc, local);
                _adjointLocals[index] = local;
            }
            il.Emit(OpCodes.Ldloc, local);
            emitUpdate();
            il.Emit(OpCodes.Stloc, local);
            return;
        }
        EmitElement(il, Adjoints, parent, k);
        il.Emit(OpCodes.Dup);
        il.Emit(OpCodes.Ldobj, typeof(T));
        emitUpdate();
        il.Emit(OpCodes.Stobj, typeof(T));
    }

    // Pushes a partial: recomputed (from the rule in the local) or kept (from its slot).
    private static void EmitPartial(ILGenerator il, int stored, LocalBuilder rule, MethodInfo field, Place slot, LocalBuilder? k)
    {
        if (stored == 0)
        {
            il.Emit(OpCodes.Ldloca, rule);
            il.Emit(OpCodes.Call, field);
        }
        else EmitLoad(il, Partials, slot, k);
    }
}
