using System.Numerics;

namespace DualGrad.Forward;

/// <summary>
/// A user's own primitive, defined once: its value and local derivative at a point, like a built-in rule in
/// <see cref="Rules"/>. <see cref="CustomRule.Apply{T}(IUnaryRule, T)"/> then uses it in every mode: plain evaluation,
/// forward (the derivative pushes the tangent), reverse (a pullback closure pulls the adjoint) and nested.
/// </summary>
/// <example><code>
/// sealed class Softsign : IUnaryRule
/// {
///     public string Name =&gt; "softsign";
///     public Local&lt;T&gt; Evaluate&lt;T&gt;(T x) where T : IFloatingPointIeee754&lt;T&gt;
///     {
///         var d = T.One + T.Abs(x);
///         return new(x / d, T.One / (d * d));
///     }
/// }
/// // inside any generic function: var y = new Softsign().Apply(x);
/// </code></example>
public interface IUnaryRule
{
    /// <summary>The primitive's name, shown in traces and diagnostics.</summary>
    string Name { get; }

    /// <summary>The value and local derivative at <paramref name="x"/>.</summary>
    /// <typeparam name="T">The scalar type (double, or a dual number when derivatives nest).</typeparam>
    /// <param name="x">The point.</param>
    /// <returns>f(x) and f'(x).</returns>
    Local<T> Evaluate<T>(T x) where T : IFloatingPointIeee754<T>;
}
