using DualGrad.Forward;
using DualGrad.Reverse;

namespace DualGrad;

// Second order: forward over reverse. The reverse-mode gradient is computed on dual numbers seeded along v,
// so its tangent is the directional derivative of the gradient: H·v, at the cost of one gradient.
public static partial class AD
{
    /// <summary>The Hessian-vector product H(x)·v (forward over reverse: one gradient on <c>Var&lt;Dual&lt;double&gt;&gt;</c>).</summary>
    /// <param name="f">The function, written once.</param>
    /// <param name="x">The point.</param>
    /// <param name="v">The direction.</param>
    /// <returns>A fresh array with H(x)·v.</returns>
    public static double[] HessianVectorProduct(IScalarFunction f, ReadOnlySpan<double> x, ReadOnlySpan<double> v)
    {
        ArgumentNullException.ThrowIfNull(f);
        Validate.Input(x, GradientOptions.Default);
        Validate.Direction(v, x.Length, nameof(v));
        var hv = new double[x.Length];
        HessianVectorProduct(f.VarOfDual(), new Tape<Dual<double>>(), x, v, hv);
        return hv;
    }

    /// <summary>The n×n Hessian H[i, j] = ∂²f/∂xᵢ∂xⱼ, one Hessian-vector product per column.</summary>
    /// <param name="f">The function, written once.</param>
    /// <param name="x">The point.</param>
    /// <returns>A fresh n×n array.</returns>
    public static double[,] Hessian(IScalarFunction f, ReadOnlySpan<double> x)
    {
        ArgumentNullException.ThrowIfNull(f);
        Validate.Input(x, GradientOptions.Default);
        var n = x.Length;
        var hessian = new double[n, n];
        var g = f.VarOfDual();
        var tape = new Tape<Dual<double>>();
        var e = new double[n];
        var column = new double[n];
        for (var j = 0; j < n; j++)
        {
            e[j] = 1;
            HessianVectorProduct(g, tape, x, e, column);
            e[j] = 0;
            for (var i = 0; i < n; i++) hessian[i, j] = column[i];
        }
        return hessian;
    }

    /// <summary>The n×n Hessian (see the span overload).</summary>
    /// <param name="f">The function, written once.</param>
    /// <param name="x">The point.</param>
    /// <returns>A fresh n×n array.</returns>
    public static double[,] Hessian(IScalarFunction f, double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Hessian(f, x.AsSpan());
    }

    private static void HessianVectorProduct(ScalarFunc<Var<Dual<double>>> f, Tape<Dual<double>> tape, ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> hv)
    {
        var seeded = new Dual<double>[x.Length];
        for (var i = 0; i < x.Length; i++) seeded[i] = new(x[i], v[i]);
        var gradient = new Dual<double>[x.Length];
        tape.ValueAndGradient(f, seeded, gradient);
        for (var i = 0; i < x.Length; i++) hv[i] = gradient[i].Tangent;
    }
}
