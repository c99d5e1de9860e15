// Lesson: write the function once, differentiate it any way. The notebook's f (Powell's function) and its inner map
// x(z) are written generically over the scalar type, so the same text runs on double, on dual numbers (forward mode),
// on chunked duals and on reverse-mode variables: the chain rule is applied by the type, not by rewriting f.
using System.Numerics;

namespace DualGrad.Properties.Notebook;

/// <summary>The seed notebook's functions, shared by the notebook tests of every mode.</summary>
public static class NotebookFunctions
{
    /// <summary>Powell's function f(x) = (x1 + 10 x2)² + 5 (x3 - x4)² + (x2 + 2 x3)⁴ + 10 (x1 - x4)⁴.</summary>
    /// <remarks>Squares and fourth powers are written as products, so at integer points every operation is exact in float64.</remarks>
    public static T Powell<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
    {
        if (x.Length != 4) throw new ArgumentException($"Powell's function takes 4 inputs, got {x.Length}.", nameof(x));
        var two = T.CreateChecked(2.0);
        var five = T.CreateChecked(5.0);
        var ten = T.CreateChecked(10.0);
        var a = x[0] + ten * x[1];
        var b = x[2] - x[3];
        var c = x[1] + two * x[2];
        var d = x[0] - x[3];
        var c2 = c * c;
        var d2 = d * d;
        return a * a + five * b * b + c2 * c2 + ten * d2 * d2;
    }

    /// <summary>The notebook's inner map x(z) = (z1 - z2, z1², z2², z1² + z1 z2), from ℝ² to ℝ⁴.</summary>
    public static void XOfZ<T>(ReadOnlySpan<T> z, Span<T> x) where T : IFloatingPointIeee754<T>
    {
        if (z.Length != 2) throw new ArgumentException($"x(z) takes 2 inputs, got {z.Length}.", nameof(z));
        if (x.Length != 4) throw new ArgumentException($"x(z) has 4 outputs, but the destination has length {x.Length}.", nameof(x));
        var z1Squared = z[0] * z[0];
        x[0] = z[0] - z[1];
        x[1] = z1Squared;
        x[2] = z[1] * z[1];
        x[3] = z1Squared + z[0] * z[1];
    }

    /// <summary>The composition f(x(z)), from ℝ² to ℝ.</summary>
    public static T PowellOfZ<T>(ReadOnlySpan<T> z) where T : IFloatingPointIeee754<T>
    {
        var x = new T[4];
        XOfZ(z, x);
        return Powell<T>(x);
    }
}
