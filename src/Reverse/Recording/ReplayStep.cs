using System.Numerics;
using System.Runtime.CompilerServices;
using DualGrad.Forward;

namespace DualGrad.Reverse;

// What replaying one recorded step does, written once: the interpreted replay (Recording) and the compiled one
// (CompiledRecording's generated kernels) both call these, so the two cannot drift apart.
internal static class ReplayStep<T> where T : IFloatingPointIeee754<T>
{
    /// <summary>
    /// Stores a rule's answer. Only partials of recorded parents are overwritten: a constant parent's slot holds its
    /// value (or a parameter such as an integer exponent), which the next replay reads again.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ref Tape<T>.Step step, Local2<T> rule, bool hasA, bool hasB)
    {
        step.Value = rule.Value;
        if (hasA) step.PartialA = rule.DX;
        if (hasB) step.PartialB = rule.DY;
    }

    /// <summary>The sum step of a fused multiply-add whose product step is known: a·b + c with one rounding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local2<T> FusedSum(T left, T right, T addend) => new(T.FusedMultiplyAdd(left, right, addend), T.One, T.One);

    /// <summary>The sum step of a fused multiply-add whose product was not recorded as a product (a constant, say).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local2<T> Sum(T product, T addend) => new(product + addend, T.One, T.One);

    /// <summary>A recorded comparison made again; throws if it now goes the other way.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Check(T x, T y, Comparison kind, bool outcome, int index)
    {
        if (Guards.Evaluate(kind, x, y) != outcome) throw Diverged(x, y, kind, outcome, index);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ReplayDivergedException Diverged(T x, T y, Comparison kind, bool outcome, int index) =>
        new($"Step {index}: the comparison {x} {kind} {y} now gives {!outcome}, but it gave {outcome} when the function was recorded; the recorded branch no longer applies. Record the function again at this point.");

    /// <summary>A step's rule at its parents' values (the compiled replay's call; it stores the parts it needs itself).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local2<T> Rule(T x, T y, Primitive op) => ReplayRules.EvaluateInlined(op, x, y);

    /// <summary>
    /// Whether the compiled replay calls this step's rule again on the way back instead of keeping its partials: for
    /// a rule cheaper than the memory traffic of storing and reloading two partials (sums, products, negation).
    /// </summary>
    public static bool Recomputed(Primitive op) =>
        op is Primitive.Add or Primitive.Subtract or Primitive.Multiply or Primitive.Square or Primitive.Negate or Primitive.FusedMultiplyAdd;

    /// <summary>
    /// One contribution of a pullback, adjoint + partial · g, under the tape's conventions: a zero adjoint g sends
    /// nothing (0·∞ would be NaN), and a zero partial sends nothing even against an infinite g. Returns the new adjoint.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Pulled(T adjoint, T partial, T g)
    {
        if (IsFiniteNonZero(g)) return adjoint + partial * g;
        return !T.IsZero(g) && !T.IsZero(partial) ? adjoint + partial * g : adjoint;
    }

    /// <summary>
    /// Whether a tangent replay may push tangents without the masks (see <see cref="Pulled"/>): for double and float,
    /// where the masks can only turn a NaN into a number or change the sign of a zero. A result that is neither NaN nor
    /// zero is then the masked one, bit for bit; a zero is the masked one's +0 but for its sign (a masked sum starts from
    /// +0, so it never ends at −0); a NaN is computed again with the masks (CompiledRecording.DirectionalDerivative). For
    /// a nested T a NaN test asks about its value alone, so every term is masked.
    /// </summary>
    public static bool TangentsUnmasked => typeof(T) == typeof(double) || typeof(T) == typeof(float);

    /// <summary>
    /// Whether a step's tangent is formed from its parent's value rather than its recorded partial: a square (x·x,
    /// recorded with one parent and the partial 2x, for the reverse sweep) pushes x·t + x·t, as the dual numbers' product
    /// does. The two agree in the normal range, but not where x·t is subnormal (doubling a rounded subnormal is not
    /// rounding the double) or where 2x overflows and x·t does not (x = 10³⁰⁸, t = ¼: ∞ against 5·10³⁰⁷).
    /// </summary>
    public static bool TangentAsProduct(Primitive op) => op == Primitive.Square;

    /// <summary>
    /// A step's tangent under the conventions of the reverse sweep and of the dual numbers: each term goes through
    /// <see cref="Pulled"/> from 0, so a zero tangent or a zero partial contributes nothing (0·∞ would be NaN).
    /// </summary>
    public static T MaskedTangent(bool hasA, T partialA, T tangentA, bool hasB, T partialB, T tangentB)
    {
        var t = T.Zero;
        if (hasA) t = Pulled(t, partialA, tangentA);
        return hasB ? Pulled(t, partialB, tangentB) : t;
    }

    /// <summary>a + b (for generated code, which has no operator on a generic T).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Add(T a, T b) => a + b;

    /// <summary>0 (what the compiled backward code leaves in an adjoint it has read).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Zero() => T.Zero;

    // The common case in one test (for double, FiniteNonZero's single compare).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsFiniteNonZero(T g) => typeof(T) == typeof(double)
        ? FiniteNonZero.Is(double.CreateTruncating(g))
        : T.IsFinite(g) && !T.IsZero(g);
}
