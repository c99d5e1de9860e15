using System.Collections.Immutable;
using System.Numerics;

namespace DualGrad.Reverse;

/// <summary>
/// A run of a recording that repeats: <see cref="Count"/> iterations of the <see cref="Period"/> steps starting at
/// <see cref="Start"/>, where iteration k's parents lie k·stride from iteration 0's (one stride per body step and
/// parent slot). A step that repeats nothing is a stretch with one iteration.
/// </summary>
internal sealed record Stretch(int Start, int Period, int Count, ImmutableArray<int> StridesA, ImmutableArray<int> StridesB)
{
    /// <summary>Steps covered.</summary>
    public int Length => Period * Count;

    /// <summary>Whether this stretch is compiled as a loop.</summary>
    public bool IsLoop => Count > 1;

    /// <summary>One step on its own.</summary>
    public static Stretch Single(int index) => new(index, 1, 1, [0], [0]);
}

// Rerolling: a recording of a loop (Rosenbrock's sum, a deep chain, a layer applied to many rows) is the same few steps
// over and over, their parents moving by fixed strides. Finding that period turns a million recorded steps back
// into a loop of a few, so compiled code stays small and stays in the instruction cache.
internal static class Rerolling
{
    // A loop must repeat at least this often to be worth a loop's counter (shorter runs compile step by step)...
    private const int MinIterations = 4;

    // ...and its body may have at most this many steps (longer periods are compiled straight).
    public const int MaxPeriod = 128;

    /// <summary>Cuts the steps into stretches, greedily: at each step, the shortest period that repeats, else the step alone.</summary>
    public static ImmutableArray<Stretch> Find<T>(ReadOnlySpan<Tape<T>.Step> steps) where T : IFloatingPointIeee754<T>
    {
        var found = ImmutableArray.CreateBuilder<Stretch>();
        var i = 0;
        while (i < steps.Length)
        {
            var stretch = steps[i].Op == Primitive.Input ? Stretch.Single(i) : LoopAt(steps, i) ?? Stretch.Single(i);
            found.Add(stretch);
            i += stretch.Length;
        }
        return found.ToImmutable();
    }

    private static Stretch? LoopAt<T>(ReadOnlySpan<Tape<T>.Step> steps, int start) where T : IFloatingPointIeee754<T>
    {
        var maxPeriod = Math.Min(MaxPeriod, (steps.Length - start) / MinIterations);
        for (var period = 1; period <= maxPeriod; period++)
        {
            // Cheap rejection first (most periods fail here, in a few compares): the body's first step must recur, with
            // its parents where the first two iterations predict them, in each of the first MinIterations iterations.
            if (!FirstStepRepeats(steps, start, period)) continue;
            if (Loop(steps, start, period) is { } loop) return loop;
        }
        return null;
    }

    private static bool FirstStepRepeats<T>(ReadOnlySpan<Tape<T>.Step> steps, int start, int period) where T : IFloatingPointIeee754<T>
    {
        ref readonly var first = ref steps[start];
        ref readonly var second = ref steps[start + period];
        if (!Alike(first, second)) return false;
        int strideA = second.A - first.A, strideB = second.B - first.B;
        for (var k = 2; k < MinIterations; k++)
        {
            ref readonly var later = ref steps[start + k * period];
            if (!Alike(first, later)) return false;
            if (first.A >= 0 && later.A != first.A + k * strideA) return false;
            if (first.B >= 0 && later.B != first.B + k * strideB) return false;
        }
        return true;
    }

    // The loop with this start and period, if it repeats often enough: strides are read off iterations 0 and 1, then
    // every later iteration must match them exactly (same primitives and guards; parents where predicted).
    private static Stretch? Loop<T>(ReadOnlySpan<Tape<T>.Step> steps, int start, int period) where T : IFloatingPointIeee754<T>
    {
        Span<int> stridesA = stackalloc int[period];
        Span<int> stridesB = stackalloc int[period];
        for (var j = 0; j < period; j++)
        {
            ref readonly var first = ref steps[start + j];
            ref readonly var second = ref steps[start + period + j];
            if (!Alike(first, second)) return null;
            stridesA[j] = first.A >= 0 ? second.A - first.A : 0;
            stridesB[j] = first.B >= 0 ? second.B - first.B : 0;
        }
        if (!Repeats(steps, start, period, 1, stridesA, stridesB)) return null;
        var count = 2;
        while (start + (count + 1) * period <= steps.Length && Repeats(steps, start, period, count, stridesA, stridesB)) count++;
        return count >= MinIterations ? new Stretch(start, period, count, [.. stridesA], [.. stridesB]) : null;
    }

    private static bool Repeats<T>(ReadOnlySpan<Tape<T>.Step> steps, int start, int period, int k, ReadOnlySpan<int> stridesA, ReadOnlySpan<int> stridesB)
        where T : IFloatingPointIeee754<T>
    {
        for (var j = 0; j < period; j++)
        {
            ref readonly var first = ref steps[start + j];
            ref readonly var later = ref steps[start + k * period + j];
            if (!Alike(first, later)) return false;
            if (first.A >= 0 && later.A != first.A + k * stridesA[j]) return false;
            if (first.B >= 0 && later.B != first.B + k * stridesB[j]) return false;
            // A step sending both partials to the step just before it is compiled differently (KernelEmitter: the
            // tape's carry), so that must hold in every iteration or in none.
            if (SendsTwiceToPrevious(first, start + j) != SendsTwiceToPrevious(later, start + k * period + j)) return false;
        }
        return true;
    }

    private static bool SendsTwiceToPrevious<T>(in Tape<T>.Step step, int index) where T : IFloatingPointIeee754<T> =>
        step.A >= 0 && step.A == step.B && step.A == index - 1;

    // Two steps that compile to the same code but for their parents' places and their constants: the same primitive,
    // the same parents recorded or constant, the same guard. Constants may differ (data, in a loop over data: the
    // compiled loop reads them by iteration). A fused multiply-add reaches into its product step's parents, which a
    // stride does not describe, so it never repeats. Inputs compile to nothing, so a loop over them would be empty.
    private static bool Alike<T>(in Tape<T>.Step x, in Tape<T>.Step y) where T : IFloatingPointIeee754<T>
    {
        if (x.Op != y.Op || x.Op is Primitive.FusedMultiplyAdd or Primitive.Custom or Primitive.Input) return false;
        if ((x.A >= 0) != (y.A >= 0) || (x.B >= 0) != (y.B >= 0)) return false;
        return x.Op != Primitive.Guard || Same(x.Value, y.Value);
    }

    /// <summary>Whether two constants are the same one, bit for bit but for NaN payloads (−0 is not +0): a loop reads one
    /// constant for all iterations only if they all have the same.</summary>
    public static bool Same<T>(T x, T y) where T : IFloatingPointIeee754<T> =>
        x == y ? T.IsNegative(x) == T.IsNegative(y) : T.IsNaN(x) && T.IsNaN(y);
}
