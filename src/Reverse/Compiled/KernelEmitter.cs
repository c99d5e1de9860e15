using System.Numerics;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Intrinsics;
using DualGrad.Forward;

namespace DualGrad.Reverse;

/// <summary>Re-evaluates a piece of a compiled recording: values, and the partials it keeps.</summary>
internal delegate void ForwardKernel<T>(ref T values, ref T partials) where T : IFloatingPointIeee754<T>;

/// <summary>Runs a piece's pullbacks, newest first, into the adjoints.</summary>
internal delegate void BackwardKernel<T>(ref T values, ref T partials, ref T adjoints) where T : IFloatingPointIeee754<T>;

/// <summary>
/// Re-evaluates a piece's values and pushes their tangents forward (forward mode on the recording). The leading inputs
/// (see KernelEmitter's inputCount) are read from the point x and their tangents v themselves.
/// </summary>
internal delegate void TangentKernel<T, TTangent>(ref T values, ref TTangent tangents, ref T x, ref TTangent v) where T : IFloatingPointIeee754<T>;

/// <summary>
/// f(x), with ∇f(x) written to the gradient, in one four-direction sweep that needs no workspace (see
/// KernelEmitter.EmitDirectChunk): for a recording of at most four inputs whose steps form one straight piece.
/// </summary>
internal delegate double DirectChunkKernel(ref double x, ref double gradient);

/// <summary>What a direct chunk sweep is bound to: its constants, and the recording that takes NaN partials again.</summary>
internal sealed class DirectBinding(double[] constants, Recording<double> source)
{
    public readonly double[] Constants = constants;
    public readonly Recording<double> Source = source;
}

/// <summary>
/// One piece of a compiled recording: consecutive stretches, forward and backward, and its tangent sweeps: one direction,
/// and (for double) four directions at once.
/// </summary>
internal sealed record Kernel<T>(ForwardKernel<T> Forward, BackwardKernel<T> Backward, TangentKernel<T, T> Tangent, TangentKernel<T, Vector256<double>>? Chunk)
    where T : IFloatingPointIeee754<T>;

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
internal sealed partial class KernelEmitter<T> where T : IFloatingPointIeee754<T>
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

    // Arguments of the generated methods: the bound constants, then the arrays (a tangent sweep's second array is the
    // tangents, where the other methods have the partials).
    private const int Constants = 0, Values = 1, Partials = 2, Adjoints = 3, Tangents = 2, PointX = 3, DirectionV = 4;

    // … and of a direct chunk sweep (EmitDirectChunk): its binding, the point and the gradient.
    private const int DirectX = 1, DirectGradient = 2;

    private readonly Tape<T>.Step[] _steps;
    private readonly List<T> _constants = [];
    private int _partialCount;

    // The newest step that has step i as a parent (-1 for none), and the output step: an adjoint can only be nonzero
    // on entry to a piece if a later piece sends to it or it is the output.
    private readonly int[] _lastChild;
    private readonly int _output;

    // The newest step that reads step i's value at all (guards and a fused multiply-add's factors count; -1 for none):
    // a tangent sweep stores a value, and its tangent, only if something outside its scope reads them.
    private readonly int[] _lastReader;

    // Steps 0 … _inputCount − 1 are the inputs x₀, x₁, … in order; a tangent sweep reads them from x and v, not the arrays.
    private readonly int _inputCount;
    private TangentSweep? _sweep;   // the tangent sweep being emitted, if one is

    /// <summary>Prepares to emit the pieces of one recording, in order (partial slots are numbered across pieces).</summary>
    /// <param name="steps">The recorded steps.</param>
    /// <param name="output">The output's step.</param>
    /// <param name="inputCount">How many of the first steps are the inputs in order (0 if they are not first).</param>
    public KernelEmitter(Tape<T>.Step[] steps, int output, int inputCount)
    {
        _steps = steps;
        _output = output;
        _inputCount = inputCount;
        _lastChild = new int[steps.Length];
        Array.Fill(_lastChild, -1);
        for (var j = 0; j < steps.Length; j++)
        {
            if (IsLeaf(steps[j])) continue;
            if (steps[j].A >= 0) _lastChild[steps[j].A] = j;
            if (steps[j].B >= 0) _lastChild[steps[j].B] = j;
        }
        _lastReader = new int[steps.Length];
        Array.Fill(_lastReader, -1);
        for (var j = 0; j < steps.Length; j++)
        {
            if (steps[j].Op == Primitive.Input) continue;
            if (steps[j].A >= 0) _lastReader[steps[j].A] = j;
            if (steps[j].B >= 0) _lastReader[steps[j].B] = j;
            if (steps[j].Op == Primitive.FusedMultiplyAdd && Recording<T>.FusedFactors(steps, steps[j].A) is var (left, right))
            {
                if (left.Index >= 0) _lastReader[left.Index] = j;
                if (right.Index >= 0) _lastReader[right.Index] = j;
            }
        }
    }

    /// <summary>Whether a tangent sweep emitted so far reads some input from the arrays (see EmitRecordedLoad).</summary>
    public bool InputsInArrays { get; private set; }

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
        // The tangent sweeps: the forward code again, keeping no partials, with each step's tangent beside its value.
        var tangent = EmitTangentSweep(piece, slots, $"{name}.tangent", typeof(ScalarTangents<T>), typeof(T));
        var chunk = typeof(T) == typeof(double)
            ? EmitTangentSweep(piece, slots, $"{name}.chunk", typeof(ChunkTangents), typeof(Vector256<double>))
            : null;
        // The constants (values of constant parents, parameters) that are not in the code are bound as the first argument.
        var constants = _constants.ToArray();
        return new Kernel<T>(
            (ForwardKernel<T>)forward.CreateDelegate(typeof(ForwardKernel<T>), constants),
            (BackwardKernel<T>)backward.CreateDelegate(typeof(BackwardKernel<T>), constants),
            (TangentKernel<T, T>)tangent.CreateDelegate(typeof(TangentKernel<T, T>), constants),
            (TangentKernel<T, Vector256<double>>?)chunk?.CreateDelegate(typeof(TangentKernel<T, Vector256<double>>), constants));
    }

    // A tangent sweep of the piece whose tangents are of type tangentType, formed by the ops type's methods (TangentOps).
    private DynamicMethod EmitTangentSweep(ReadOnlySpan<Stretch> piece, int[] slots, string name, Type ops, Type tangentType)
    {
        var values = typeof(T).MakeByRefType();
        var tangents = tangentType.MakeByRefType();
        var method = new DynamicMethod(name, typeof(void), [typeof(T[]), values, tangents, values, tangents], typeof(KernelEmitter<T>).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        _sweep = new TangentSweep(tangentType, ops);
        _valueLocals.Clear();
        _tangentLocals.Clear();
        var rule = il.DeclareLocal(typeof(Local2<T>));
        for (var s = 0; s < piece.Length; s++) EmitForward(il, piece[s], slots[s], rule, tangents: true);
        il.Emit(OpCodes.Ret);
        _sweep = null;
        return method;
    }

    /// <summary>
    /// The four-direction sweep of a whole recording whose inputs (at most four, steps 0 … n − 1) are followed by one
    /// straight piece, as a method that needs no workspace: it reads x itself, seeds input k's tangent with unit vector
    /// k as a constant, keeps every value and tangent in locals and writes the output's lanes to the gradient. Null when
    /// some step would be read from the workspace's arrays (a variable made inside f, whose value is kept there).
    /// </summary>
    /// <remarks>
    /// This is the path that makes a small gradient cost about what its arithmetic costs: the general sweep's seeds,
    /// stores and reloads of Vector256 lanes through the workspace took as long as the sweep itself on Powell's function.
    /// </remarks>
    public DirectChunkKernel? EmitDirectChunk(ReadOnlySpan<Stretch> piece, Recording<T> source, string name)
    {
        if (typeof(T) != typeof(double) || _inputCount is 0 or > ChunkTangents.Width) return null;
        _constants.Clear();
        _columns.Clear();
        EnterScope(piece[0].Start, piece[^1].Start + piece[^1].Length, 0);
        if (_output < _scopeStart || _output >= _scopeEnd) return null;
        _directUnfit = false;
        var point = typeof(double).MakeByRefType();
        var method = new DynamicMethod(name, typeof(double), [typeof(DirectBinding), point, point], typeof(KernelEmitter<T>).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        _sweep = new TangentSweep(typeof(Vector256<double>), typeof(ChunkTangents), direct: true);
        _knownTangents.Clear();
        _constantsLocal = il.DeclareLocal(typeof(T[]));
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldfld, typeof(DirectBinding).GetField(nameof(DirectBinding.Constants))!);
        il.Emit(OpCodes.Stloc, _constantsLocal);
        var rule = il.DeclareLocal(typeof(Local2<T>));
        foreach (var stretch in piece) EmitForward(il, stretch, 0, rule, tangents: true);
        // The gradient; then its lanes tested for NaN in the register (a caller reading them back from memory just
        // written, or a flag, cost Powell's sweep a tenth more), and NaN lanes taken again, out of line, by a call that
        // returns f, so that f need not be kept across it.
        var lanes = _tangentLocals[_output];
        il.Emit(OpCodes.Ldarg, DirectGradient);
        il.Emit(OpCodes.Ldloc, lanes);
        il.Emit(OpCodes.Ldc_I4, _inputCount);
        il.Emit(OpCodes.Call, typeof(ChunkTangents).GetMethod(nameof(ChunkTangents.StoreGradient))!);
        var retake = il.DefineLabel();
        il.Emit(OpCodes.Ldloc, lanes);
        il.Emit(OpCodes.Call, typeof(ChunkTangents).GetMethod(nameof(ChunkTangents.AllNumbers))!);
        il.Emit(OpCodes.Brfalse, retake);
        il.Emit(OpCodes.Ldloc, _valueLocals[_output]);
        il.Emit(OpCodes.Ret);
        il.MarkLabel(retake);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg, DirectX);
        il.Emit(OpCodes.Ldarg, DirectGradient);
        il.Emit(OpCodes.Ldc_I4, _inputCount);
        il.Emit(OpCodes.Ldloc, _valueLocals[_output]);
        il.Emit(OpCodes.Call, typeof(CompiledForwardMode).GetMethod(nameof(CompiledForwardMode.Retake), BindingFlags.NonPublic | BindingFlags.Static, [typeof(DirectBinding), point, point, typeof(int), typeof(double)])!);
        il.Emit(OpCodes.Ret);
        _sweep = null;
        _constantsLocal = null;
        if (_directUnfit) return null;   // the method is dropped unfinished: it is never compiled
        var binding = new DirectBinding((double[])(object)_constants.ToArray(), (Recording<double>)(object)source);
        return (DirectChunkKernel)method.CreateDelegate(typeof(DirectChunkKernel), binding);
    }

    private LocalBuilder? _constantsLocal;   // a direct sweep's constants, from its binding
    private bool _directUnfit;               // a direct sweep would read a step from the arrays it does not have

    // Pushes the constants array: the bound first argument, or a direct sweep's local.
    private void EmitConstants(ILGenerator il)
    {
        if (_constantsLocal is null) il.Emit(OpCodes.Ldarg, Constants);
        else il.Emit(OpCodes.Ldloc, _constantsLocal);
    }

    // In a direct chunk sweep, the tangents known before x is: the inputs' seeds (unit vectors), and those of linear
    // steps (sums, differences, negations, products by a constant) of known tangents. They are formed here by the ops
    // the code would run (ChunkTangents), so with the same bits, and written into the code as constants: on Powell's
    // function such steps are a third of the tangent arithmetic.
    private readonly Dictionary<int, Vector256<double>> _knownTangents = [];

    private Vector256<double>? KnownTangent(int index) =>
        index < _inputCount ? Chunk4.Basis(index).Lanes : _knownTangents.TryGetValue(index, out var known) ? known : null;

    // The step's tangent if it is known (see _knownTangents), as EmitTangent's unmasked code would form it.
    private Vector256<double>? FoldedTangent(in Tape<T>.Step step)
    {
        bool a = step.A >= 0, b = step.B >= 0;
        var tangentA = a ? KnownTangent(step.A) : null;
        var tangentB = b ? KnownTangent(step.B) : null;
        if (a && tangentA is null || b && tangentB is null) return null;
        switch (step.Op)
        {
            case Primitive.Add or Primitive.FusedMultiplyAdd or Primitive.Subtract or Primitive.Negate:
                if (a && b) return step.Op == Primitive.Subtract ? ChunkTangents.Subtract(tangentA!.Value, tangentB!.Value) : ChunkTangents.Add(tangentA!.Value, tangentB!.Value);
                var only = a ? tangentA : b ? tangentB : ChunkTangents.Zero();
                return (b ? step.Op == Primitive.Subtract : step.Op == Primitive.Negate) ? ChunkTangents.Negate(only!.Value) : only;
            // A product by a constant: the partial is the constant (Rules.Multiply: ∂(x·y)/∂x = y), kept in the other slot.
            case Primitive.Multiply when a != b:
                return ChunkTangents.Times(double.CreateTruncating(a ? step.PartialB : step.PartialA), (a ? tangentA : tangentB)!.Value);
            default:
                return null;
        }
    }

    // Pushes a vector constant of the code (a direct chunk sweep's known tangent).
    private static void EmitVector(ILGenerator il, Vector256<double> vector)
    {
        for (var lane = 0; lane < ChunkTangents.Width; lane++) il.Emit(OpCodes.Ldc_R8, vector[lane]);
        il.Emit(OpCodes.Call, CreateVector);
    }

    private static readonly MethodInfo LaneProduct =
        typeof(Vector256<double>).GetMethod("op_Multiply", [typeof(Vector256<double>), typeof(Vector256<double>)])!;

    private static readonly MethodInfo CreateVector =
        typeof(Vector256).GetMethod(nameof(Vector256.Create), [typeof(double), typeof(double), typeof(double), typeof(double)])!;

    // The tangent sweep being emitted: its tangents' type and the methods that form them; a direct sweep (EmitDirectChunk)
    // reads its inputs' values from x and makes their tangents, and stores nothing.
    private sealed class TangentSweep(Type tangent, Type ops, bool direct = false)
    {
        public Type Tangent { get; } = tangent;
        public bool Direct { get; } = direct;
        public bool Unmasked { get; } = (bool)ops.GetProperty(nameof(ITangentOps<T, T>.Unmasked))!.GetValue(null)!;
        public MethodInfo Zero { get; } = Op(ops, nameof(ITangentOps<T, T>.Zero));
        public MethodInfo Add { get; } = Op(ops, nameof(ITangentOps<T, T>.Add));
        public MethodInfo Subtract { get; } = Op(ops, nameof(ITangentOps<T, T>.Subtract));
        public MethodInfo Negate { get; } = Op(ops, nameof(ITangentOps<T, T>.Negate));
        public MethodInfo Times { get; } = Op(ops, nameof(ITangentOps<T, T>.Times));

        private static MethodInfo Op(Type ops, string name) =>
            ops.GetMethod(name, BindingFlags.Public | BindingFlags.Static) ?? throw new MissingMethodException(ops.Name, name);
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

    // The values of a piece, and either the partials it keeps or (tangents) each step's tangent: a tangent sweep stores
    // values and tangents only where code outside the scope reads them, and keeps no partials.
    private void EmitForward(ILGenerator il, Stretch stretch, int slot, LocalBuilder rule, bool tangents = false)
    {
        var perIteration = KeptPartials(stretch);
        // A carried step's local enters the loop holding iteration −1's value (the step just before the loop's column).
        foreach (var carried in _carried)
        {
            _valueLocals[carried] = EmitEntry(il, Values, carried - stretch.Period);
            if (tangents) _tangentLocals[carried] = EmitEntry(il, Tangents, carried - stretch.Period);
        }
        HoistConstants(il, stretch);
        Repeat(il, stretch, reversed: false, k =>
        {
            var kept = 0;
            for (var j = 0; j < stretch.Period; j++)
            {
                _currentBody = j;
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
                        il.Emit(OpCodes.Conv_I4);
                        il.Emit(OpCodes.Call, Check);
                        break;
                    default:
                        EmitRule(il, index, stretch.StridesA[j], stretch.StridesB[j], k);
                        il.Emit(OpCodes.Stloc, rule);
                        var stored = !tangents || _storedInSweep[index - _scopeStart] && !_sweep!.Direct;
                        if (stored) EmitStore(il, Values, new Place(index, stretch.Period), k, rule, RuleValue);
                        if (tangents)
                        {
                            // Before the value's local is overwritten: a square reads its parent's value, which may be
                            // this very column's, from the previous iteration (ReplayStep.TangentAsProduct).
                            EmitTangent(il, index, stretch.StridesA[j], stretch.StridesB[j], k, rule);
                            if (!_tangentLocals.TryGetValue(index, out var local)) _tangentLocals[index] = local = il.DeclareLocal(_sweep!.Tangent);
                            il.Emit(OpCodes.Stloc, local);
                            if (stored)
                            {
                                EmitElement(il, Tangents, new Place(index, stretch.Period), k, _sweep!.Tangent);
                                il.Emit(OpCodes.Ldloc, local);
                                il.Emit(OpCodes.Stobj, _sweep.Tangent);
                            }
                        }
                        {
                            if (!_valueLocals.TryGetValue(index, out var value)) _valueLocals[index] = value = il.DeclareLocal(typeof(T));
                            il.Emit(OpCodes.Ldloca, rule);
                            il.Emit(OpCodes.Call, RuleValue);
                            il.Emit(OpCodes.Stloc, value);
                        }
                        if (tangents || Kept(step) == 0) break;
                        if (step.A >= 0) EmitStore(il, Partials, new Place(slot + kept++, perIteration), k, rule, RuleDX);
                        if (step.B >= 0) EmitStore(il, Partials, new Place(slot + kept++, perIteration), k, rule, RuleDY);
                        break;
                }
            }
        });
        if (!tangents) return;
        foreach (var column in _storedAfterLoop)
        {
            var last = new Place(column + stretch.Period * (stretch.Count - 1), 0);
            EmitElement(il, Values, last, null);
            il.Emit(OpCodes.Ldloc, _valueLocals[column]);
            il.Emit(OpCodes.Stobj, typeof(T));
            EmitElement(il, Tangents, last, null, _sweep!.Tangent);
            il.Emit(OpCodes.Ldloc, _tangentLocals[column]);
            il.Emit(OpCodes.Stobj, _sweep.Tangent);
        }
    }

    // Declares a local holding element [index] of an array (a carried step's entry value or tangent).
    private LocalBuilder EmitEntry(ILGenerator il, int argument, int index)
    {
        var local = il.DeclareLocal(ElementType(argument));
        EmitRecordedLoad(il, argument, new Place(index, 0), null);
        il.Emit(OpCodes.Stloc, local);
        return local;
    }

    // Pushes a step's tangent: Σ partial · parent's tangent over its recorded parents (constants have none), formed as
    // ITangentOps.Step forms it. Unmasked, sums, differences and negations, whose partials are ±1, add and subtract the
    // tangents directly, which is the same bits; other rules multiply by the partials from the rule in the local. Masked
    // (a nested T), every term goes through ReplayStep.Pulled from 0.
    private void EmitTangent(ILGenerator il, int index, int strideA, int strideB, LocalBuilder? k, LocalBuilder rule)
    {
        var step = _steps[index];
        var sweep = _sweep!;
        bool a = step.A >= 0, b = step.B >= 0;
        void Tangent(int parent, int stride) => EmitRecorded(il, parent, stride, k, _tangentLocals, Tangents);
        if (sweep.Direct && FoldedTangent(step) is { } known)
        {
            _knownTangents[index] = known;
            EmitVector(il, known);
            return;
        }
        if (sweep.Direct && step.Op == Primitive.Multiply && a != b)
        {
            // A product by a constant: the constant as a vector of the code, which the multiply reads from memory,
            // rather than broadcast from a register (the same lanes: Rules.Multiply's partial is the constant).
            Tangent(a ? step.A : step.B, a ? strideA : strideB);
            EmitVector(il, Vector256.Create(double.CreateTruncating(a ? step.PartialB : step.PartialA)));
            il.Emit(OpCodes.Call, LaneProduct);
            return;
        }
        if (sweep.Unmasked && step.Op is Primitive.Add or Primitive.FusedMultiplyAdd or Primitive.Subtract or Primitive.Negate)
        {
            if (a) Tangent(step.A, strideA);
            if (b) Tangent(step.B, strideB);
            if (a && b) il.Emit(OpCodes.Call, step.Op == Primitive.Subtract ? sweep.Subtract : sweep.Add);
            else if (b ? step.Op == Primitive.Subtract : step.Op == Primitive.Negate) il.Emit(OpCodes.Call, sweep.Negate);
            else if (!a && !b) il.Emit(OpCodes.Call, sweep.Zero);
            return;
        }
        if (!sweep.Unmasked || !a && !b) il.Emit(OpCodes.Call, sweep.Zero);
        if (ReplayStep<T>.TangentAsProduct(step.Op))
        {
            // x·t + x·t, from the parent's value (ReplayStep.TangentAsProduct); unmasked, the product is formed once.
            void Value() => EmitOperand(il, step.A, strideA, step.PartialA, k);
            Term(Value, step.A, strideA, first: true);
            if (sweep.Unmasked)
            {
                il.Emit(OpCodes.Dup);
                il.Emit(OpCodes.Call, sweep.Add);
            }
            else Term(Value, step.A, strideA, first: false);
            return;
        }
        if (a) Term(() => RulePartial(RuleDX), step.A, strideA, first: true);
        if (b) Term(() => RulePartial(RuleDY), step.B, strideB, first: !a);

        void RulePartial(MethodInfo partial)
        {
            il.Emit(OpCodes.Ldloca, rule);
            il.Emit(OpCodes.Call, partial);
        }

        void Term(Action partial, int parent, int stride, bool first)
        {
            partial();
            Tangent(parent, stride);
            il.Emit(OpCodes.Call, sweep.Unmasked ? sweep.Times : Pulled);
            if (sweep.Unmasked && !first) il.Emit(OpCodes.Call, sweep.Add);
        }
    }

    // The pullbacks, newest first: g = the step's adjoint; each recorded parent receives partial · g (ReplayStep.Pulled).
    // Inputs and guards have no parents and send nothing.
    private void EmitBackward(ILGenerator il, Stretch stretch, int slot, LocalBuilder rule, LocalBuilder g, LocalBuilder carry)
    {
        var perIteration = KeptPartials(stretch);
        // A carried step's local enters the loop with the last iteration's adjoint so far; after each use it takes the
        // previous iteration's, and the loop leaves iteration −1's in its slot.
        foreach (var carried in _carried)
        {
            var local = il.DeclareLocal(typeof(T));
            EmitTake(il, new Place(carried + stretch.Period * (stretch.Count - 1), 0), null);
            il.Emit(OpCodes.Stloc, local);
            _adjointLocals[carried] = local;
        }
        HoistConstants(il, stretch);
        Repeat(il, stretch, reversed: true, k =>
        {
            var kept = perIteration;
            for (var j = stretch.Period - 1; j >= 0; j--)
            {
                _currentBody = j;
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
                if (_carried.Contains(index))
                {
                    EmitTake(il, new Place(index - stretch.Period, stretch.Period), k);
                    il.Emit(OpCodes.Stloc, own!);
                }
                var next = slot + kept;
                var partialA = new Place(next, perIteration);
                var partialB = new Place(step.A >= 0 ? next + 1 : next, perIteration);
                void PullA() { EmitPartial(il, stored, rule, RuleDX, partialA, k); il.Emit(OpCodes.Ldloc, g); il.Emit(OpCodes.Call, Pulled); }
                void PullB() { EmitPartial(il, stored, rule, RuleDY, partialB, k); il.Emit(OpCodes.Ldloc, g); il.Emit(OpCodes.Call, Pulled); }
                if (Tape<T>.CarriesInRegister && step.A >= 0 && step.A == step.B && step.A == index - 1)
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
        foreach (var carried in _carried)
        {
            EmitElement(il, Adjoints, new Place(carried - stretch.Period, 0), null);
            il.Emit(OpCodes.Ldloc, _adjointLocals[carried]);
            il.Emit(OpCodes.Stobj, typeof(T));
        }
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
        if (CarriedFrom(parent) is { } carried)
        {
            var local = _adjointLocals[carried];
            il.Emit(OpCodes.Ldloc, local);
            emitUpdate();
            il.Emit(OpCodes.Stloc, local);
            return;
        }
        if (AdjointInScope(parent))
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
