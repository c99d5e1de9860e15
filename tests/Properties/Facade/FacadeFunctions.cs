// Lesson: write the function once. Every function here is an IScalarFunction/IVectorFunction whose generic Invoke<T>
// runs on double, on dual numbers (forward) and on Var (reverse); the facade picks the scalar type.
using System.Numerics;
using DualGrad.Forward;

using DualGrad.Properties.Notebook;

namespace DualGrad.Properties.Facade;

/// <summary>The notebook's f: (x₁ + 10x₂)² + 5(x₃ − x₄)² + (x₂ + 2x₃)⁴ + 10(x₁ − x₄)⁴.</summary>
internal sealed class Powell : IScalarFunction
{
    public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T> => NotebookFunctions.Powell(x);

    public static double Value(ReadOnlySpan<double> x)
    {
        double a = x[0] + 10 * x[1], b = x[2] - x[3], c = x[1] + 2 * x[2], d = x[0] - x[3];
        return a * a + 5 * b * b + c * c * c * c + 10 * d * d * d * d;
    }

    /// <summary>∇f by hand: [2a + 40d³, 20a + 4c³, 10b + 8c³, −10b − 40d³].</summary>
    public static double[] GradientByHand(ReadOnlySpan<double> x)
    {
        double a = x[0] + 10 * x[1], b = x[2] - x[3], c = x[1] + 2 * x[2], d = x[0] - x[3];
        return [2 * a + 40 * d * d * d, 20 * a + 4 * c * c * c, 10 * b + 8 * c * c * c, -10 * b - 40 * d * d * d];
    }
}

/// <summary>f(x, y) = (x + y)·y: the small graph of the trace test (y is shared: it feeds the sum and the product).</summary>
internal sealed class SumTimesY : IScalarFunction
{
    public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T> => (x[0] + x[1]) * x[1];
}

/// <summary>f(x, y) = sin(x·y) + exp(x)/(1 + y²): a small smooth function of two inputs.</summary>
internal sealed class SinExp : IScalarFunction
{
    public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T> =>
        T.Sin(x[0] * x[1]) + T.Exp(x[0]) / (T.One + x[1] * x[1]);

    public static double[] GradientByHand(double x, double y)
    {
        var q = 1 + y * y;
        return [y * Math.Cos(x * y) + Math.Exp(x) / q, x * Math.Cos(x * y) - 2 * y * Math.Exp(x) / (q * q)];
    }
}

/// <summary>The notebook's inner map x(z) = (z₁ − z₂, z₁², z₂², z₁² + z₁z₂): ℝ² → ℝ⁴.</summary>
internal sealed class XOfZ : IVectorFunction
{
    public int OutputLength(int inputLength) => 4;

    public void Invoke<T>(ReadOnlySpan<T> z, Span<T> x) where T : IFloatingPointIeee754<T> => NotebookFunctions.XOfZ(z, x);
}

/// <summary>The notebook's composite f(x(z)): ℝ² → ℝ.</summary>
internal sealed class PowellOfXOfZ : IScalarFunction
{
    public T Invoke<T>(ReadOnlySpan<T> z) where T : IFloatingPointIeee754<T> => NotebookFunctions.PowellOfZ(z);
}

/// <summary>softsign(x) = x / (1 + |x|), with derivative 1 / (1 + |x|)², as a custom primitive (one definition, every mode).</summary>
internal sealed class Softsign(double derivativeFactor = 1) : IUnaryRule
{
    public string Name => "softsign";

    public Local<T> Evaluate<T>(T x) where T : IFloatingPointIeee754<T>
    {
        var d = T.One + T.Abs(x);
        return new(x / d, T.CreateChecked(derivativeFactor) / (d * d));
    }

    /// <summary>The same function from built-in primitives, the reference the custom rule must match.</summary>
    public static T Composed<T>(T x) where T : IFloatingPointIeee754<T> => x / (T.One + T.Abs(x));
}

/// <summary>(x₀x₁, sin x₀), counting its evaluations in plain double: what a check costs in extra evaluations.</summary>
internal sealed class CountsPlainCalls : IVectorFunction
{
    public int PlainCalls { get; private set; }

    public int OutputLength(int inputLength) => 2;

    public void Invoke<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) PlainCalls++;
        y[0] = x[0] * x[1];
        y[1] = T.Sin(x[0]);
    }
}
