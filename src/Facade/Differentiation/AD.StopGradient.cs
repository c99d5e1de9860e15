using System.Numerics;
using DualGrad.Forward;

namespace DualGrad;

// Stop-gradient inside generic code: the value passes, the derivative does not.
public static partial class AD
{
    /// <summary>
    /// Stop-gradient: returns x's value and treats it as a constant, so no derivative flows through it
    /// (a custom rule with derivative 0: one definition, every mode). With nested derivatives it stops the outermost level only.
    /// </summary>
    /// <typeparam name="T">The scalar type of the surrounding generic code.</typeparam>
    /// <param name="x">The value.</param>
    /// <returns>x, without a derivative.</returns>
    public static T StopGradient<T>(T x) where T : IFloatingPointIeee754<T> => StopGradientRule.Instance.Apply(x);

    private sealed class StopGradientRule : IUnaryRule
    {
        public static readonly StopGradientRule Instance = new();

        public string Name => "StopGradient";

        public Local<TScalar> Evaluate<TScalar>(TScalar x) where TScalar : IFloatingPointIeee754<TScalar> => new(x, TScalar.Zero);
    }
}
