using System.Numerics;

namespace DualGrad.Forward;

/// <summary>
/// A user's own primitive of two arguments, defined once: its value and both partial derivatives at a point, like a
/// built-in two-argument rule (<see cref="Rules.Atan2{T}"/>, <see cref="Rules.Hypot{T}"/>).
/// <see cref="CustomRule.Apply{T}(IBinaryRule, T, T)"/> then uses it in every mode: plain evaluation, forward
/// (∂f/∂x·dx + ∂f/∂y·dy), reverse (a pullback closure sends ∂f/∂x·ḡ and ∂f/∂y·ḡ to the two arguments) and nested.
/// </summary>
/// <example><code>
/// // log(eˣ + eʸ) without overflow; its partials are the two softmax weights.
/// sealed class LogAddExp : IBinaryRule
/// {
///     public string Name =&gt; "logaddexp";
///     public Local2&lt;T&gt; Evaluate&lt;T&gt;(T x, T y) where T : IFloatingPointIeee754&lt;T&gt;
///     {
///         var m = T.Max(x, y);
///         T ex = T.Exp(x - m), ey = T.Exp(y - m), s = ex + ey;
///         return new(m + T.Log(s), ex / s, ey / s);
///     }
/// }
/// // inside any generic function: var z = new LogAddExp().Apply(x, y);
/// </code></example>
public interface IBinaryRule
{
    /// <summary>The primitive's name, shown in traces and diagnostics.</summary>
    string Name { get; }

    /// <summary>The value and both partial derivatives at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    /// <typeparam name="T">The scalar type (double, or a dual number when derivatives nest).</typeparam>
    /// <param name="x">The first argument.</param>
    /// <param name="y">The second argument.</param>
    /// <returns>f(x, y), ∂f/∂x and ∂f/∂y.</returns>
    Local2<T> Evaluate<T>(T x, T y) where T : IFloatingPointIeee754<T>;
}
