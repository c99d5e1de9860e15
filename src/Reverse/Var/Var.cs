using System.Numerics;
using System.Runtime.CompilerServices;
using DualGrad.Forward;

namespace DualGrad.Reverse;

/// <summary>
/// The reverse-mode scalar: a value plus a handle into the <see cref="Tape{T}"/> that records how it was computed.
/// Evaluating a function on <c>Var&lt;T&gt;</c> records one pullback per primitive; <see cref="Tape{T}.Backward(Var{T}, T, Span{T})"/>
/// then pulls the chain rule back, from the output to every input, in one sweep.
/// </summary>
/// <remarks>
/// <para>Implements <see cref="IFloatingPointIeee754{TSelf}"/> like <see cref="Dual{T}"/>, so one generic function runs in
/// both modes, and it reads the same <see cref="Rules"/>. A value with no tape is a constant.</para>
/// <para>Comparisons look at primal values (code differentiates piecewise) and are recorded as guards, so a replayed
/// recording can tell when a branch would go the other way (<see cref="Recording{T}"/>).</para>
/// </remarks>
/// <typeparam name="T">The scalar type: double, a dual number (forward over reverse) or a Var (reverse over reverse).</typeparam>
public readonly partial struct Var<T> where T : IFloatingPointIeee754<T>
{
    // Fields rather than properties: every recorded operation reads them several times, and trivial getters still
    // count against the JIT's inlining budget, which a long generic function (Powell's, fully inlined) exhausts.

    /// <summary>The primal value.</summary>
    public readonly T Value;

    /// <summary>The tape this value is recorded on; null for a constant.</summary>
    public readonly Tape<T>? Tape;

    /// <summary>The step index on <see cref="Tape"/> (meaningless for a constant): where its adjoint lands.</summary>
    public readonly int Index;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Var(T value, Tape<T>? tape, int index)
    {
        Value = value;
        Tape = tape;
        Index = index;
    }

    /// <summary>A constant (recorded nowhere, adjoint never computed).</summary>
    /// <param name="value">The value.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Var(T value) : this(value, null, -1)
    {
    }

    /// <summary>A constant (recorded nowhere).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The constant.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Constant(T value) => new(value);

    /// <summary>True when this value is a constant: no tape, no adjoint.</summary>
    public bool IsConstant => Tape is null;

    /// <summary>Lifts a plain value to a constant, so <c>2.0 * x</c> reads naturally.</summary>
    /// <param name="value">The value.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static implicit operator Var<T>(T value) => new(value);

    /// <summary>Stop-gradient: the same value, cut from the recording, so no adjoint flows back through it.</summary>
    /// <param name="x">The value.</param>
    /// <returns>A constant with x's value.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> StopGradient(Var<T> x) => new(x.Value);

    // Recording a one-argument step: its pullback's environment is the parent's index and the local derivative.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Var<T> Chain(Primitive op, Local<T> rule, Var<T> x) =>
        x.Tape is { } tape ? tape.Push(op, rule.Value, x.Index, rule.Derivative, -1, T.Zero) : new(rule.Value);

    // A step with a fixed parameter (an integer exponent, a root's degree): kept in the second slot for replay.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Var<T> Chain(Primitive op, Local<T> rule, Var<T> x, T parameter) =>
        x.Tape is { } tape ? tape.Push(op, rule.Value, x.Index, rule.Derivative, -1, parameter) : new(rule.Value);

    // Two arguments; a constant argument has no adjoint, so its slot keeps its value (for replay) instead of a partial.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Var<T> Chain(Primitive op, Local2<T> rule, Var<T> x, Var<T> y)
    {
        var tx = x.Tape;
        var ty = y.Tape;
        if (ReferenceEquals(tx, ty))
            return tx is null ? new(rule.Value) : tx.Push(op, rule.Value, x.Index, rule.DX, y.Index, rule.DY);
        if (tx is null) return ty!.Push(op, rule.Value, -1, x.Value, y.Index, rule.DY);
        if (ty is null) return tx.Push(op, rule.Value, x.Index, rule.DX, -1, y.Value);
        throw Tape<T>.MixedTapes();
    }
}
