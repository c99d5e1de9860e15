using System.Numerics;
using System.Reflection;
using System.Reflection.Emit;

namespace DualGrad.Reverse;

// Places in the workspace's arrays and constants, and the IL that reads and writes them, in straight code and in loops.
internal sealed partial class KernelEmitter<T> where T : IFloatingPointIeee754<T>
{
    // A place in an array: iteration k of a loop uses Base + Stride·k; outside a loop Stride is unused.
    private readonly record struct Place(int Base, int Stride);

    // In a loop: the locals holding the constants its body reads (HoistConstants), by step and slot.
    private readonly Dictionary<(int Step, bool B), LocalBuilder> _constantLocals = [];

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
        var k = il.DeclareLocal(typeof(nint));
        var top = il.DefineLabel();
        il.Emit(OpCodes.Ldc_I4, reversed ? stretch.Count - 1 : 0);
        il.Emit(OpCodes.Conv_I);
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
            il.Emit(OpCodes.Conv_I);
            il.Emit(OpCodes.Bge, top);
        }
        else
        {
            il.Emit(OpCodes.Ldc_I4, stretch.Count);
            il.Emit(OpCodes.Conv_I);
            il.Emit(OpCodes.Blt, top);
        }
    }

    // Pushes the place's index as a native int (as the loop counter is one: no sign extension at every access).
    private static void EmitIndex(ILGenerator il, Place place, LocalBuilder? k)
    {
        il.Emit(OpCodes.Ldc_I4, place.Base);
        il.Emit(OpCodes.Conv_I);
        if (k is null || place.Stride == 0) return;
        il.Emit(OpCodes.Ldloc, k);
        il.Emit(OpCodes.Ldc_I4, place.Stride);
        il.Emit(OpCodes.Conv_I);
        il.Emit(OpCodes.Mul);
        il.Emit(OpCodes.Add);
    }

    // Pushes a reference to element [place] of the array whose first element the argument refers to (of T, unless the
    // element type says otherwise: a chunk sweep's tangents).
    private static void EmitElement(ILGenerator il, int argument, Place place, LocalBuilder? k, Type? element = null)
    {
        il.Emit(OpCodes.Ldarg, argument);
        EmitIndex(il, place, k);
        il.Emit(OpCodes.Sizeof, element ?? typeof(T));
        il.Emit(OpCodes.Mul);
        il.Emit(OpCodes.Add);
    }

    private static void EmitLoad(ILGenerator il, int argument, Place place, LocalBuilder? k, Type? element = null)
    {
        EmitElement(il, argument, place, k, element);
        il.Emit(OpCodes.Ldobj, element ?? typeof(T));
    }

    // What an argument's elements are: in a tangent sweep the tangents and the inputs' tangents are the sweep's type.
    private Type ElementType(int argument) => _sweep is not null && argument is Tangents or DirectionV ? _sweep.Tangent : typeof(T);

    // Pushes an operand: a recorded parent's value, or a constant (kept in the step's slot).
    // (In a loop, `at` names the step and slot the constant came from: a constant that differs between iterations,
    // such as data, is read from a column of the constants array, one entry per iteration.)
    private void EmitOperand(ILGenerator il, int parent, int stride, T constant, LocalBuilder? k, (int Step, bool B)? at = null)
    {
        if (parent < 0 && k is not null && at is { } hoisted && _constantLocals.TryGetValue(hoisted, out var held)) il.Emit(OpCodes.Ldloc, held);
        else if (parent < 0 && k is not null && at is { } slot && ConstantColumn(slot.Step, slot.B) is { } column)
        {
            EmitConstants(il);
            EmitIndex(il, new Place(column, 1), k);
            il.Emit(OpCodes.Ldelem, typeof(T));
        }
        else if (parent < 0) EmitConstant(il, constant);
        else EmitRecorded(il, parent, stride, k, _valueLocals, Values);
    }

    // Pushes a recorded parent's value or tangent: from its local (carried from the previous iteration, or in scope),
    // else from the array.
    private void EmitRecorded(ILGenerator il, int parent, int stride, LocalBuilder? k, Dictionary<int, LocalBuilder> locals, int argument)
    {
        if (CarriedFrom(new Place(parent, stride)) is { } carried && locals.TryGetValue(carried, out var value)) il.Emit(OpCodes.Ldloc, value);
        else if (InScope(new Place(parent, stride)) && locals.TryGetValue(parent, out var local)) il.Emit(OpCodes.Ldloc, local);
        else EmitRecordedLoad(il, argument, new Place(parent, stride), k);
    }

    // Loads a recorded value or tangent from its array; in a tangent sweep, an input's from the point or the direction,
    // when every iteration's place is an input. A loop whose places start among the inputs and run on past them (a
    // running sum that starts from x₁) reads them from the arrays, which the sweep must then fill (InputsInArrays).
    private void EmitRecordedLoad(ILGenerator il, int argument, Place place, LocalBuilder? k)
    {
        var last = k is null ? place.Base : place.Base + (long)place.Stride * (_loopCount - 1);
        long lo = Math.Min(place.Base, last), hi = Math.Max(place.Base, last);
        var input = _sweep is not null && lo >= 0 && hi < _inputCount;
        if (_sweep is not null && !input && lo < _inputCount) InputsInArrays = true;
        if (input && _sweep!.Direct)
        {
            if (argument == Values) EmitLoad(il, DirectX, place, k);
            else EmitVector(il, KnownTangent(place.Base)!.Value);
            return;
        }
        if (_sweep is { Direct: true }) _directUnfit = true;
        EmitLoad(il, input ? (argument == Values ? PointX : DirectionV) : argument, place, k, ElementType(argument));
    }

    // Before a loop: each constant its body reads that is the same in every iteration, loaded once into a local. Read
    // from the array inside the loop it would be loaded (and bounds-checked) at every iteration, as the JIT cannot tell
    // that the loop's stores into the workspace leave the constants array alone.
    private void HoistConstants(ILGenerator il, Stretch loop)
    {
        _constantLocals.Clear();
        if (!loop.IsLoop) return;
        for (var j = 0; j < loop.Period; j++)
        {
            var index = loop.Start + j;
            ref readonly var step = ref _steps[index];
            if (step.Op == Primitive.Input) continue;
            if (step.A < 0) Hoist((index, false), step.PartialA);
            if (step.B < 0) Hoist((index, true), step.PartialB);
        }

        void Hoist((int Step, bool B) slot, T constant)
        {
            if (ConstantColumn(slot.Step, slot.B) is not null) return;
            EmitConstant(il, constant);
            var local = il.DeclareLocal(typeof(T));
            il.Emit(OpCodes.Stloc, local);
            _constantLocals[slot] = local;
        }
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

    // Constants are read from the bound constants array, never written into the code as literals: the JIT folds some
    // rules of a literal differently from the same rule of a variable (.NET 10 folds double.Min(x, −0.0) to +0 at x = +0).
    private void EmitConstant(ILGenerator il, T constant)
    {
        EmitConstants(il);
        il.Emit(OpCodes.Ldc_I4, _constants.Count);
        il.Emit(OpCodes.Ldelem, typeof(T));
        _constants.Add(constant);
    }

    // Stores a field of the rule (in the local) at a place.
    private static void EmitStore(ILGenerator il, int argument, Place place, LocalBuilder? k, LocalBuilder rule, MethodInfo field)
    {
        EmitElement(il, argument, place, k);
        il.Emit(OpCodes.Ldloca, rule);
        il.Emit(OpCodes.Call, field);
        il.Emit(OpCodes.Stobj, typeof(T));
    }
}
