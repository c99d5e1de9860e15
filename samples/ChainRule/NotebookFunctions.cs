using System.Numerics;
using DualGrad;

namespace ChainRule;

// The notebook's functions, each written once with generic math: the same code runs on double, float, dual numbers
// (forward mode) and Var (reverse mode). Integer powers go through T.Pow, which the AD types evaluate by multiplication.

/// <summary>Powell's function, the notebook's f: (x1 + 10 x2)² + 5 (x3 − x4)² + (x2 + 2 x3)⁴ + 10 (x1 − x4)⁴.</summary>
internal sealed class Powell : IScalarFunction
{
    public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
    {
        T two = T.CreateChecked(2), four = T.CreateChecked(4), five = T.CreateChecked(5), ten = T.CreateChecked(10);
        // Summed left to right, like the notebook's Python expression (matters in float32).
        return T.Pow(x[0] + ten * x[1], two) + five * T.Pow(x[2] - x[3], two)
             + T.Pow(x[1] + two * x[2], four) + ten * T.Pow(x[0] - x[3], four);
    }

    /// <summary>The notebook's hand-derived partial derivatives.</summary>
    public static double[] HandGradient(ReadOnlySpan<double> x) =>
    [
        2 * (x[0] + 10 * x[1]) + 40 * Math.Pow(x[0] - x[3], 3),
        20 * (x[0] + 10 * x[1]) + 4 * Math.Pow(x[1] + 2 * x[2], 3),
        10 * (x[2] - x[3]) + 8 * Math.Pow(x[1] + 2 * x[2], 3),
        -10 * (x[2] - x[3]) - 40 * Math.Pow(x[0] - x[3], 3),
    ];
}

/// <summary>The notebook's x(z) = (z1 − z2, z1², z2², z1² + z1 z2): ℝ² → ℝ⁴.</summary>
internal sealed class XOfZ : IVectorFunction
{
    public int OutputLength(int inputLength) => 4;

    public void Invoke<T>(ReadOnlySpan<T> z, Span<T> x) where T : IFloatingPointIeee754<T>
    {
        x[0] = z[0] - z[1];
        x[1] = z[0] * z[0];
        x[2] = z[1] * z[1];
        x[3] = z[0] * z[0] + z[0] * z[1];
    }
}

/// <summary>f(x(z)): the composition the notebook differentiates "in one step".</summary>
internal sealed class PowellOfZ : IScalarFunction
{
    public T Invoke<T>(ReadOnlySpan<T> z) where T : IFloatingPointIeee754<T>
    {
        var x = new T[4];
        new XOfZ().Invoke(z, x);
        return new Powell().Invoke<T>(x);
    }
}

/// <summary>Exercise 1: y = sin(3x² + 1).</summary>
internal sealed class SinOfQuadratic : IScalarFunction
{
    public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T> =>
        T.Sin(T.CreateChecked(3) * x[0] * x[0] + T.One);
}

/// <summary>Exercise 2: y = σ(u1 u2) with u = W x + b (W is 2×2, b has 2 entries).</summary>
internal sealed class SigmoidOfAffine(double[,] w, double[] b) : IScalarFunction
{
    public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
    {
        var u = new T[2];
        new Affine(w, b).Invoke(x, u);
        return Sigmoid(u[0] * u[1]);
    }

    public static T Sigmoid<T>(T t) where T : IFloatingPointIeee754<T> => T.One / (T.One + T.Exp(-t));
}

/// <summary>u = W x + b: its Jacobian is W.</summary>
internal sealed class Affine(double[,] w, double[] b) : IVectorFunction
{
    public int OutputLength(int inputLength) => b.Length;

    public void Invoke<T>(ReadOnlySpan<T> x, Span<T> u) where T : IFloatingPointIeee754<T>
    {
        for (var i = 0; i < b.Length; i++)
        {
            u[i] = T.CreateChecked(b[i]);
            for (var j = 0; j < x.Length; j++) u[i] += T.CreateChecked(w[i, j]) * x[j];
        }
    }
}

/// <summary>Exercise 3: exercise 1 with tanh as the inner function, y = sin(3 tanh(x)² + 1).</summary>
internal sealed class SinOfTanh : IScalarFunction
{
    public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
    {
        var t = T.Tanh(x[0]);
        return T.Sin(T.CreateChecked(3) * t * t + T.One);
    }
}

/// <summary>Exercise 4's small graph (the textbook reverse-accumulation example): f(x0, x1) = ln(x0) + x0 x1 − sin(x1)
/// (inputs numbered from 0, as AD.Trace names them).</summary>
internal sealed class SmallGraph : IScalarFunction
{
    public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T> => T.Log(x[0]) + x[0] * x[1] - T.Sin(x[1]);
}
