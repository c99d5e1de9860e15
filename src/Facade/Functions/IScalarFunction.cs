using System.Numerics;

namespace DualGrad;

/// <summary>
/// A function ℝⁿ → ℝ written once with .NET generic math. The same <see cref="Invoke{T}"/> runs on <c>double</c>
/// (plain evaluation, finite differences), on dual numbers (forward mode) and on <c>Var</c> (reverse mode).
/// </summary>
/// <example><code>
/// sealed class Powell : IScalarFunction
/// {
///     public T Invoke&lt;T&gt;(ReadOnlySpan&lt;T&gt; x) where T : IFloatingPointIeee754&lt;T&gt;
///     {
///         T two = T.CreateChecked(2), four = T.CreateChecked(4), five = T.CreateChecked(5), ten = T.CreateChecked(10);
///         return T.Pow(x[0] + ten * x[1], two) + five * T.Pow(x[2] - x[3], two)
///              + T.Pow(x[1] + two * x[2], four) + ten * T.Pow(x[0] - x[3], four);
///     }
/// }
/// </code></example>
public interface IScalarFunction
{
    /// <summary>Evaluates f(x) on any floating-point scalar type.</summary>
    /// <typeparam name="T">double, a dual number or a reverse-mode Var.</typeparam>
    /// <param name="x">The inputs.</param>
    /// <returns>f(x).</returns>
    T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>;
}
