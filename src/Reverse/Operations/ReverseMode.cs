using System.Numerics;
using DualGrad.Forward;

namespace DualGrad.Reverse;

/// <summary>
/// Reverse-mode operations: record the function once, then pull the chain rule back from the output.
/// A whole gradient costs a small constant times one evaluation, however many inputs there are;
/// a Jacobian comes out row by row (one backward sweep per output).
/// </summary>
/// <example><code>
/// var g = new double[4];
/// double f = ReverseMode.ValueAndGradient(x => (x[0] + 10 * x[1]) * (x[0] + 10 * x[1]), [3.0, -1, 0, 1], g);
/// </code></example>
public static class ReverseMode
{
    /// <summary>f(x) and ∇f(x) of f: ℝⁿ → ℝ (one recording, one backward sweep).</summary>
    /// <typeparam name="T">The scalar type (double; a dual number for forward-over-reverse).</typeparam>
    /// <param name="f">The function, written on <see cref="Var{T}"/>.</param>
    /// <param name="x">The point.</param>
    /// <param name="gradient">Receives ∇f(x), same length as x.</param>
    /// <returns>f(x).</returns>
    public static T ValueAndGradient<T>(ScalarFunc<Var<T>> f, ReadOnlySpan<T> x, Span<T> gradient) where T : IFloatingPointIeee754<T>
    {
        var tape = Tape<T>.Rent();
        try
        {
            return tape.ValueAndGradient(f, x, gradient);
        }
        finally
        {
            tape.Release();
        }
    }

    /// <summary>∇f(x) of f: ℝⁿ → ℝ as a fresh array.</summary>
    /// <typeparam name="T">The scalar type.</typeparam>
    /// <param name="f">The function, written on <see cref="Var{T}"/>.</param>
    /// <param name="x">The point.</param>
    /// <returns>∇f(x).</returns>
    public static T[] Gradient<T>(ScalarFunc<Var<T>> f, ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
    {
        var gradient = new T[x.Length];
        ValueAndGradient(f, x, gradient);
        return gradient;
    }

    /// <summary>The partial derivatives with respect to the inputs listed in <paramref name="wrt"/> only; the other inputs are held constant (not recorded).</summary>
    /// <typeparam name="T">The scalar type.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    /// <param name="wrt">Indices of the inputs to differentiate by (distinct, in range).</param>
    /// <param name="gradient">Receives ∂f/∂x[wrt[k]] at k; same length as wrt.</param>
    /// <returns>f(x).</returns>
    public static T ValueAndPartialGradient<T>(ScalarFunc<Var<T>> f, ReadOnlySpan<T> x, ReadOnlySpan<int> wrt, Span<T> gradient) where T : IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(f);
        Guard.NotEmpty(x, nameof(x));
        if (wrt.IsEmpty) throw new ArgumentException("No inputs selected: wrt is empty.", nameof(wrt));
        Guard.SameLength(wrt.Length, gradient.Length, nameof(gradient), "wrt");
        var seen = new HashSet<int>();
        foreach (var i in wrt)
        {
            if ((uint)i >= (uint)x.Length) throw new ArgumentOutOfRangeException(nameof(wrt), $"wrt contains {i}, outside 0..{x.Length - 1}.");
            if (!seen.Add(i)) throw new ArgumentException($"wrt contains {i} twice.", nameof(wrt));
        }
        var tape = Tape<T>.Rent();
        try
        {
            var inputs = tape.Inputs(x, wrt);
            var y = f(inputs);
            var adjoints = tape.AdjointBuffer();
            tape.Backward(y, T.One, adjoints);
            for (var k = 0; k < wrt.Length; k++) gradient[k] = adjoints[inputs[wrt[k]].Index];
            return y.Value;
        }
        finally
        {
            tape.Release();
        }
    }

    /// <summary>
    /// The vector-Jacobian product uᵀJ(x) of f: ℝⁿ → ℝᵐ (PyTorch's <c>grad(outputs, inputs, grad_outputs = u)</c>):
    /// one recording, one backward sweep seeded with u. Writes f(x) into <paramref name="y"/>.
    /// </summary>
    /// <typeparam name="T">The scalar type.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="x">The point (length n).</param>
    /// <param name="u">The cotangent (length m).</param>
    /// <param name="y">Receives f(x) (length m).</param>
    /// <param name="vjp">Receives uᵀJ (length n).</param>
    public static void Vjp<T>(VectorFunc<Var<T>> f, ReadOnlySpan<T> x, ReadOnlySpan<T> u, Span<T> y, Span<T> vjp) where T : IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(f);
        Guard.NotEmpty(x, nameof(x));
        Guard.SameLength(x.Length, vjp.Length, nameof(vjp), "x");
        if (y.Length != u.Length) throw new ArgumentException($"u has length {u.Length}, but the function has {y.Length} outputs.", nameof(u));
        var tape = Tape<T>.Rent();
        try
        {
            var inputs = tape.Inputs(x);
            var outputs = new Var<T>[y.Length];
            f(inputs, outputs);
            var adjoints = tape.AdjointBuffer();
            tape.Backward(outputs, u, adjoints);
            for (var j = 0; j < y.Length; j++) y[j] = outputs[j].Value;
            for (var i = 0; i < x.Length; i++) vjp[i] = adjoints[inputs[i].Index];
        }
        finally
        {
            tape.Release();
        }
    }

    /// <summary>The m×n Jacobian of f: ℝⁿ → ℝᵐ, row by row: one recording, then one backward sweep per output.</summary>
    /// <typeparam name="T">The scalar type.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="x">The point (length n).</param>
    /// <param name="m">The number of outputs.</param>
    /// <returns>J[i, j] = ∂fᵢ/∂xⱼ.</returns>
    public static T[,] Jacobian<T>(VectorFunc<Var<T>> f, ReadOnlySpan<T> x, int m) where T : IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(f);
        Guard.NotEmpty(x, nameof(x));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(m);
        var tape = Tape<T>.Rent();
        try
        {
            var inputs = tape.Inputs(x);
            var outputs = new Var<T>[m];
            f(inputs, outputs);
            var adjoints = tape.AdjointBuffer();
            var jacobian = new T[m, x.Length];
            for (var row = 0; row < m; row++)
            {
                tape.Backward(outputs[row], T.One, adjoints);
                for (var i = 0; i < x.Length; i++) jacobian[row, i] = adjoints[inputs[i].Index];
            }
            return jacobian;
        }
        finally
        {
            tape.Release();
        }
    }
}
