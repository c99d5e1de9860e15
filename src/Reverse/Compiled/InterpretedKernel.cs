using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using DualGrad.Forward;

namespace DualGrad.Reverse;

// Steps past the compile budget (CompiledRecording) run interpreted: the same rules, guards and pullback conventions as
// the generated code, on the same workspace layout, one loop over the recorded steps instead of code per step. Each
// step keeps both partials, at two slots from slot0.
internal static class InterpretedKernel<T> where T : IFloatingPointIeee754<T>
{
    /// <summary>A piece running steps [start, end) interpreted.</summary>
    public static Kernel<T> Create(Tape<T>.Step[] steps, int start, int end, int slot0) => new(
        (ref T values, ref T partials) =>
            Forward(steps, start, end, MemoryMarshal.CreateSpan(ref values, steps.Length), Slots(ref partials, slot0, end - start)),
        (ref T values, ref T partials, ref T adjoints) =>
            Backward(steps, start, end, Slots(ref partials, slot0, end - start), MemoryMarshal.CreateSpan(ref adjoints, steps.Length)),
        (ref T values, ref T tangents, ref T _, ref T _) =>
            Tangent<T, ScalarTangents<T>>(steps, start, end, MemoryMarshal.CreateSpan(ref values, steps.Length), MemoryMarshal.CreateSpan(ref tangents, steps.Length)),
        typeof(T) == typeof(double) ? (TangentKernel<T, Vector256<double>>)(object)InterpretedKernel<double>.Chunk((Tape<double>.Step[])(object)steps, start, end) : null);

    // The four-direction sweep of the same steps (double only).
    private static TangentKernel<double, Vector256<double>> Chunk(Tape<double>.Step[] steps, int start, int end) =>
        (ref double values, ref Vector256<double> tangents, ref double _, ref Vector256<double> _) =>
            InterpretedKernel<double>.Tangent<Vector256<double>, ChunkTangents>(steps, start, end,
                MemoryMarshal.CreateSpan(ref values, steps.Length), MemoryMarshal.CreateSpan(ref tangents, steps.Length));

    private static Span<T> Slots(ref T partials, int slot0, int length) => MemoryMarshal.CreateSpan(ref Unsafe.Add(ref partials, slot0), 2 * length);

    // Optimised at once (no tiering): these loops only ever run inside replays, which are made to be repeated.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Forward(Tape<T>.Step[] steps, int start, int end, Span<T> values, Span<T> partials)
    {
        for (var i = start; i < end; i++)
        {
            if (Evaluate(steps, i, values) is not { } rule) continue;
            values[i] = rule.Value;
            partials[2 * (i - start)] = rule.DX;
            partials[2 * (i - start) + 1] = rule.DY;
        }
    }

    // Values and tangents, every step stored: the terms as the generated tangent code forms them (ITangentOps).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tangent<TTangent, TOps>(Tape<T>.Step[] steps, int start, int end, Span<T> values, Span<TTangent> tangents)
        where TOps : ITangentOps<T, TTangent>
    {
        for (var i = start; i < end; i++)
        {
            if (Evaluate(steps, i, values) is not { } rule) continue;
            ref readonly var step = ref steps[i];
            values[i] = rule.Value;
            tangents[i] = ReplayStep<T>.TangentAsProduct(step.Op)
                ? TOps.Step(true, values[step.A], tangents[step.A], true, values[step.A], tangents[step.A])
                : TOps.Step(step.A >= 0, rule.DX, step.A >= 0 ? tangents[step.A] : TOps.Zero(), step.B >= 0, rule.DY, step.B >= 0 ? tangents[step.B] : TOps.Zero());
        }
    }

    // A step's rule at its parents' current values; null for an input, and for a guard after checking it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Local2<T>? Evaluate(Tape<T>.Step[] steps, int i, Span<T> values)
    {
        ref readonly var step = ref steps[i];
        if (step.Op == Primitive.Input) return null;
        var x = step.A >= 0 ? values[step.A] : step.PartialA;
        var y = step.B >= 0 ? values[step.B] : step.PartialB;
        if (step.Op == Primitive.Guard)
        {
            var (kind, outcome) = Guards.Decode(step.Value);
            ReplayStep<T>.Check(x, y, kind, outcome, i);
            return null;
        }
        return step.Op != Primitive.FusedMultiplyAdd ? ReplayRules.Evaluate(step.Op, x, y)
            : Recording<T>.FusedFactors(steps, step.A) is var (left, right) ? ReplayStep<T>.FusedSum(Operand(values, left), Operand(values, right), y)
            : ReplayStep<T>.Sum(x, y);
    }

    private static T Operand(Span<T> values, (int Index, T Constant) operand) => operand.Index >= 0 ? values[operand.Index] : operand.Constant;

    // Newest first; each adjoint is read once and its slot zeroed, as the generated code does.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Backward(Tape<T>.Step[] steps, int start, int end, Span<T> partials, Span<T> adjoints)
    {
        for (var i = end - 1; i >= start; i--)
        {
            ref readonly var step = ref steps[i];
            if (KernelEmitter<T>.IsLeaf(step)) continue;
            var g = adjoints[i];
            adjoints[i] = T.Zero;
            T partialA = partials[2 * (i - start)], partialB = partials[2 * (i - start) + 1];
            if (Tape<T>.CarriesInRegister && step.A >= 0 && step.A == step.B && step.A == i - 1)
            {
                adjoints[step.A] = ReplayStep<T>.Add(adjoints[step.A], ReplayStep<T>.Pulled(ReplayStep<T>.Pulled(T.Zero, partialA, g), partialB, g));
                continue;
            }
            if (step.A >= 0) adjoints[step.A] = ReplayStep<T>.Pulled(adjoints[step.A], partialA, g);
            if (step.B >= 0) adjoints[step.B] = ReplayStep<T>.Pulled(adjoints[step.B], partialB, g);
        }
    }
}
