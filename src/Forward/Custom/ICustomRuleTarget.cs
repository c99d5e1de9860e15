namespace DualGrad.Forward;

/// <summary>A differentiable scalar type that knows how to apply a user's rules (implemented by every DualGrad scalar).</summary>
/// <typeparam name="TSelf">The scalar type.</typeparam>
public interface ICustomRuleTarget<TSelf> where TSelf : ICustomRuleTarget<TSelf>
{
    /// <summary>Applies <paramref name="rule"/> at <paramref name="x"/>, carrying the derivative in this type's way.</summary>
    /// <param name="rule">The primitive.</param>
    /// <param name="x">The argument.</param>
    /// <returns>rule(x) with its derivative.</returns>
    static abstract TSelf ApplyRule(IUnaryRule rule, TSelf x);

    /// <summary>Applies <paramref name="rule"/> at (<paramref name="x"/>, <paramref name="y"/>), carrying the derivative in this type's way.</summary>
    /// <param name="rule">The primitive.</param>
    /// <param name="x">The first argument.</param>
    /// <param name="y">The second argument.</param>
    /// <returns>rule(x, y) with its derivative.</returns>
    static abstract TSelf ApplyRule(IBinaryRule rule, TSelf x, TSelf y);
}
