using System.Numerics;
using System.Reflection;

namespace DualGrad.Forward;

/// <summary>Applies a user's <see cref="IUnaryRule"/> or <see cref="IBinaryRule"/> inside generic code, whatever the scalar type is at run time.</summary>
public static class CustomRule
{
    /// <summary>
    /// rule(x): on <c>double</c> (or any plain number) the value; on a DualGrad scalar the value and the derivative,
    /// pushed forward or recorded for the backward pass.
    /// </summary>
    /// <typeparam name="T">The scalar type the surrounding generic code runs on.</typeparam>
    /// <param name="rule">The primitive.</param>
    /// <param name="x">The argument.</param>
    /// <returns>rule(x).</returns>
    public static T Apply<T>(this IUnaryRule rule, T x) where T : IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(rule);
        return Dispatch<T>.Unary(rule, x);
    }

    /// <summary>
    /// rule(x, y): on <c>double</c> (or any plain number) the value; on a DualGrad scalar the value and both partial
    /// derivatives, pushed forward or recorded for the backward pass.
    /// </summary>
    /// <typeparam name="T">The scalar type the surrounding generic code runs on.</typeparam>
    /// <param name="rule">The primitive.</param>
    /// <param name="x">The first argument.</param>
    /// <param name="y">The second argument.</param>
    /// <returns>rule(x, y).</returns>
    public static T Apply<T>(this IBinaryRule rule, T x, T y) where T : IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(rule);
        return Dispatch<T>.Binary(rule, x, y);
    }

    // One delegate per scalar type and arity, built once by the type initializer and never changed (readonly, no mutable
    // state): a DualGrad scalar goes through its ApplyRule, a plain number takes the rule's value.
    private static class Dispatch<T> where T : IFloatingPointIeee754<T>
    {
        public static readonly Func<IUnaryRule, T, T> Unary = IsTarget
            ? Through<Func<IUnaryRule, T, T>>(nameof(ThroughUnary))
            : static (rule, x) => rule.Evaluate(x).Value;

        public static readonly Func<IBinaryRule, T, T, T> Binary = IsTarget
            ? Through<Func<IBinaryRule, T, T, T>>(nameof(ThroughBinary))
            : static (rule, x, y) => rule.Evaluate(x, y).Value;

        private static bool IsTarget => Array.Exists(typeof(T).GetInterfaces(),
            i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICustomRuleTarget<>) && i.GenericTypeArguments[0] == typeof(T));

        private static TDelegate Through<TDelegate>(string name) where TDelegate : Delegate =>
            typeof(CustomRule).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(typeof(T)).CreateDelegate<TDelegate>();
    }

    private static TSelf ThroughUnary<TSelf>(IUnaryRule rule, TSelf x) where TSelf : ICustomRuleTarget<TSelf> => TSelf.ApplyRule(rule, x);

    private static TSelf ThroughBinary<TSelf>(IBinaryRule rule, TSelf x, TSelf y) where TSelf : ICustomRuleTarget<TSelf> => TSelf.ApplyRule(rule, x, y);
}
