using System.Numerics;
using System.Reflection;

namespace DualGrad.Forward;

/// <summary>Applies a user's <see cref="IUnaryRule"/> inside generic code, whatever the scalar type is at run time.</summary>
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
        return Dispatch<T>.Apply(rule, x);
    }

    // One delegate per scalar type, built once by the type initializer and never changed (readonly, no mutable state):
    // a DualGrad scalar goes through its ApplyRule, a plain number takes the rule's value.
    private static class Dispatch<T> where T : IFloatingPointIeee754<T>
    {
        public static readonly Func<IUnaryRule, T, T> Apply = Create();

        private static Func<IUnaryRule, T, T> Create()
        {
            if (!Array.Exists(typeof(T).GetInterfaces(), i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICustomRuleTarget<>) && i.GenericTypeArguments[0] == typeof(T)))
                return static (rule, x) => rule.Evaluate(x).Value;
            var method = typeof(CustomRule).GetMethod(nameof(Through), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(typeof(T));
            return method.CreateDelegate<Func<IUnaryRule, T, T>>();
        }
    }

    private static TSelf Through<TSelf>(IUnaryRule rule, TSelf x) where TSelf : ICustomRuleTarget<TSelf> => TSelf.ApplyRule(rule, x);
}
