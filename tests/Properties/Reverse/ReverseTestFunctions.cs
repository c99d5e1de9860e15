// Lesson: write the function once (the notebook's own f and x(z) live in Notebook/NotebookFunctions.cs). Every function here is generic in the scalar, so the same text runs on double,
// on Var<double> (the chain rule pulled back), on Dual<double> (pushed forward) and on their nestings.
using System.Numerics;

namespace DualGrad.Properties.Reverse;

/// <summary>The functions the reverse-mode tests differentiate, with their derivatives worked out by hand.</summary>
internal static class ReverseTestFunctions
{
    /// <summary>The notebook's f written as the notebook writes it, with powers ((·)**2, (·)**4) rather than products:
    /// it goes through Pow with a constant exponent (recorded as PowConstant, whose rule multiplies for integers). The shared products form is
    /// NotebookFunctions.Powell.</summary>
    public static T PowellWithPow<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
    {
        var two = T.CreateTruncating(2);
        var four = T.CreateTruncating(4);
        var five = T.CreateTruncating(5);
        var ten = T.CreateTruncating(10);
        return T.Pow(x[0] + ten * x[1], two) + five * T.Pow(x[2] - x[3], two)
            + T.Pow(x[1] + two * x[2], four) + ten * T.Pow(x[0] - x[3], four);
    }

    /// <summary>Rosenbrock's function Σᵢ 100 (xᵢ₊₁ - xᵢ²)² + (1 - xᵢ)², written with plain products.</summary>
    public static T Rosenbrock<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
    {
        var hundred = T.CreateTruncating(100);
        var sum = T.Zero;
        for (var i = 0; i + 1 < x.Length; i++)
        {
            var a = x[i + 1] - x[i] * x[i];
            var b = T.One - x[i];
            sum += hundred * a * a + b * b;
        }
        return sum;
    }

    /// <summary>The notebook's f by hand: ∇f = [2a + 40d³, 20a + 4c³, 10b + 8c³, -10b - 40d³]
    /// with a = x₁ + 10x₂, b = x₃ - x₄, c = x₂ + 2x₃, d = x₁ - x₄.</summary>
    public static double[] PowellGradientByHand(ReadOnlySpan<double> x)
    {
        double a = x[0] + 10 * x[1], b = x[2] - x[3], c = x[1] + 2 * x[2], d = x[0] - x[3];
        return [2 * a + 40 * d * d * d, 20 * a + 4 * c * c * c, 10 * b + 8 * c * c * c, -10 * b - 40 * d * d * d];
    }

    /// <summary>The notebook's f, differentiated twice by hand (symmetric 4×4).</summary>
    public static double[,] PowellHessianByHand(ReadOnlySpan<double> x)
    {
        double c = x[1] + 2 * x[2], d = x[0] - x[3];
        double c2 = 12 * c * c, d2 = 120 * d * d;
        return new double[,]
        {
            { 2 + d2, 20, 0, -d2 },
            { 20, 200 + c2, 2 * c2, 0 },
            { 0, 2 * c2, 10 + 4 * c2, -10 },
            { -d2, 0, -10, 10 + d2 },
        };
    }

    /// <summary>Integer points of R⁴: every intermediate value of f and of its derivatives is an integer well below 2⁵³.</summary>
    public static double[] IntegerPoint(int i) => [i % 7 - 3, i / 7 % 5 - 2, i % 3 - 1, i % 11 - 5];
}
