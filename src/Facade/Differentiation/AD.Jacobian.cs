using System.Runtime.CompilerServices;
using DualGrad.Forward;
using DualGrad.Reverse;

namespace DualGrad;

// Vector functions R^n -> R^m: directional products and whole Jacobians.
public static partial class AD
{
    /// <summary>The Jacobian-vector product J(x)·v (forward mode, one pass; the function's outputs are checked in that
    /// pass: every output written, none past the end).</summary>
    /// <param name="f">The function, written once.</param>
    /// <param name="x">The point (length n).</param>
    /// <param name="v">The direction (length n).</param>
    /// <returns>A fresh array with J(x)·v (length m).</returns>
    public static double[] Jvp(IVectorFunction f, ReadOnlySpan<double> x, ReadOnlySpan<double> v)
    {
        ArgumentNullException.ThrowIfNull(f);
        Validate.Input(x, GradientOptions.Default);
        Validate.Direction(v, x.Length, nameof(v));
        var m = Validate.Outputs(f, x.Length);
        var y = new double[m];
        var jv = new double[m];
        JacobianKernels.Jvp(f, x, v, y, jv);
        return jv;
    }

    /// <summary>The vector-Jacobian product uᵀJ(x) (reverse mode: one recording, one backward sweep seeded with u).
    /// This is PyTorch's <c>grad(outputs, inputs, grad_outputs = u)</c>, the notebook's two-step chain rule. The function's
    /// outputs are checked in the recording (every output written, none past the end).</summary>
    /// <param name="f">The function, written once.</param>
    /// <param name="x">The point (length n).</param>
    /// <param name="u">The cotangent (length m).</param>
    /// <returns>A fresh array with uᵀJ(x) (length n).</returns>
    public static double[] Vjp(IVectorFunction f, ReadOnlySpan<double> x, ReadOnlySpan<double> u)
    {
        ArgumentNullException.ThrowIfNull(f);
        Validate.Input(x, GradientOptions.Default);
        var m = Validate.Outputs(f, x.Length);
        Validate.Direction(u, m, nameof(u), "the function's output");
        var y = new double[m];
        var vjp = new double[x.Length];
        JacobianKernels.Vjp(f, x, u, y, vjp);
        return vjp;
    }

    /// <summary>The m×n Jacobian J[i, j] = ∂fᵢ/∂xⱼ: forward mode builds it column by column (8 per pass, 4 for up to 4
    /// inputs), reverse mode row by row (one recording, one backward sweep per output). The function's outputs are checked
    /// in the first pass (every output written, none past the end); f is not evaluated separately.</summary>
    /// <example><code>
    /// double[,] J = AD.Jacobian(new XOfZ(), [1.0, -1]);   // 4×2, J[i, j] = ∂xᵢ/∂zⱼ
    /// </code></example>
    /// <typeparam name="TFunction">The function's type (a struct function gets its own compiled copy, called directly).</typeparam>
    /// <param name="f">The function, written once.</param>
    /// <param name="x">The point (length n).</param>
    /// <param name="mode">Forward, reverse, or <see cref="Mode.Auto"/> (<see cref="ChooseMode"/>).</param>
    /// <returns>A fresh m×n array.</returns>
    public static double[,] Jacobian<TFunction>(TFunction f, ReadOnlySpan<double> x, Mode mode = Mode.Auto)
        where TFunction : IVectorFunction
    {
        if (!typeof(TFunction).IsValueType && Unsafe.As<TFunction, object?>(ref f) is null) throw new ArgumentNullException(nameof(f));
        Validate.Input(x, GradientOptions.Default);
        Validate.KnownMode(mode);
        var m = Validate.Outputs(f, x.Length);
        if (Resolve(mode, x.Length, m) == Mode.Reverse) return JacobianKernels.Reverse(f, x, m);
        // Up to 4 inputs a 4-wide chunk does the same single pass with half the data per value.
        return x.Length <= 4
            ? JacobianKernels.Forward<TFunction, Chunk4>(f, x, m)
            : JacobianKernels.Forward<TFunction, Chunk8>(f, x, m);
    }

    /// <summary>The m×n Jacobian (see the span overload).</summary>
    /// <typeparam name="TFunction">The function's type.</typeparam>
    /// <param name="f">The function, written once.</param>
    /// <param name="x">The point.</param>
    /// <param name="mode">Forward, reverse, or <see cref="Mode.Auto"/>.</param>
    /// <returns>A fresh m×n array.</returns>
    public static double[,] Jacobian<TFunction>(TFunction f, double[] x, Mode mode = Mode.Auto)
        where TFunction : IVectorFunction
    {
        ArgumentNullException.ThrowIfNull(x);
        return Jacobian(f, (ReadOnlySpan<double>)x, mode);
    }

    /// <summary>f(x) for a vector function, checked (every output written): a plain evaluation in double.</summary>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    /// <returns>A fresh array with f(x).</returns>
    public static double[] Evaluate(IVectorFunction f, ReadOnlySpan<double> x)
    {
        ArgumentNullException.ThrowIfNull(f);
        Validate.Input(x, GradientOptions.Default);
        return Validate.Evaluate(f, x, Validate.Outputs(f, x.Length));
    }
}
