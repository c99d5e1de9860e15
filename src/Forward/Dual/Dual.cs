using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DualGrad.Forward;

/// <summary>
/// A dual number <c>Value + Tangent·ε</c> with ε² = 0: the chain rule pushed forward. Evaluating a function on
/// <c>Dual&lt;T&gt;</c> computes f(x) and f'(x)·dx together, one primitive at a time.
/// </summary>
/// <remarks>
/// <para>Immutable; implements <see cref="IFloatingPointIeee754{TSelf}"/>, so generic code written for
/// <c>double</c> runs on it unchanged. Every primitive takes its value and local derivative from <see cref="Rules"/>.</para>
/// <para>Nesting: <c>Dual&lt;Dual&lt;double&gt;&gt;</c> carries a second-order perturbation. Each level is its own type,
/// so perturbations of different derivatives can never be confused (Siskind &amp; Pearlmutter 2005): a value of the
/// outer level enters an inner derivative only through <see cref="Constant"/>.</para>
/// <example><code>
/// var x = Dual&lt;double&gt;.Variable(2.0);           // x = 2, dx = 1
/// var y = Dual&lt;double&gt;.Sin(3 * x * x + 1);     // y.Tangent = cos(13)·12
/// </code></example>
/// </remarks>
/// <typeparam name="T">The scalar type: <c>double</c>, <c>float</c>, or a dual number for higher derivatives.</typeparam>
public readonly partial struct Dual<T> where T : IFloatingPointIeee754<T>
{
    /// <summary>The primal value.</summary>
    public T Value { get; }

    /// <summary>The tangent: the derivative of <see cref="Value"/> along the seeded direction.</summary>
    public T Tangent { get; }

    /// <summary>Creates a dual number from its value and tangent.</summary>
    /// <param name="value">The primal value.</param>
    /// <param name="tangent">The tangent (derivative along the seeded direction).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Dual(T value, T tangent)
    {
        Value = value;
        Tangent = tangent;
    }

    /// <summary>A constant: value <paramref name="value"/>, tangent 0.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The constant.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Constant(T value) => new(value, T.Zero);

    /// <summary>The variable being differentiated by: value <paramref name="value"/>, tangent 1.</summary>
    /// <param name="value">The point.</param>
    /// <returns>The seeded variable.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Variable(T value) => new(value, T.One);

    /// <summary>Lifts a plain value to a constant dual number, so <c>2.0 * x</c> reads naturally.</summary>
    /// <param name="value">The value.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static implicit operator Dual<T>(T value) => new(value, T.Zero);

    /// <summary>Deconstructs into value and tangent.</summary>
    /// <param name="value">The primal value.</param>
    /// <param name="tangent">The tangent.</param>
    public void Deconstruct(out T value, out T tangent)
    {
        value = Value;
        tangent = Tangent;
    }

    // The chain rule, pushed forward: the tangent of f(x) is f'(x)·dx.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Dual<T> Chain(Local<T> rule, Dual<T> x) => new(rule.Value, Scale(rule.Derivative, x.Tangent));

    // Two arguments: d f(x, y) = ∂f/∂x·dx + ∂f/∂y·dy.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Dual<T> Chain(Local2<T> rule, Dual<T> x, Dual<T> y) =>
        new(rule.Value, Scale(rule.DX, x.Tangent) + Scale(rule.DY, y.Tangent));

    // A zero tangent stays zero even where the local derivative is infinite (√x at 0), and a zero derivative contributes
    // 0 even against an infinite tangent (floor(√x) at 0), as reverse mode skips a zero partial: 0·∞ would be NaN.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Scale(T derivative, T tangent)
    {
        if (typeof(T) == typeof(double))
        {
            // Branch-free for double (the JIT removes the other path and the casts): every operation would otherwise pay
            // a compare and a jump; here the product is masked to 0 where either factor is ±0, off the critical path.
            var t = Vector128.CreateScalarUnsafe((double)(object)tangent);
            var d = Vector128.CreateScalarUnsafe((double)(object)derivative);
            var eitherZero = Vector128.Equals(t, Vector128<double>.Zero) | Vector128.Equals(d, Vector128<double>.Zero);
            return (T)(object)Vector128.AndNot(t * d, eitherZero).ToScalar();
        }
        // T.IsZero, not the primal value: a nested derivative whose value is 0 may still carry a nonzero tangent.
        return T.IsZero(tangent) ? tangent : T.IsZero(derivative) ? T.Zero : derivative * tangent;
    }
}
