using System.Numerics;
using DualGrad.Forward;
using DualGrad.Reverse;

namespace DualGrad;

/// <summary>
/// The entry points: differentiate a function written once (<see cref="IScalarFunction"/>, <see cref="IVectorFunction"/>)
/// in forward or reverse mode. Every result is a fresh array the caller owns; nothing is shared between calls, so any
/// number of threads may call these at once, and a function may itself call them (nested derivatives).
/// </summary>
/// <example><code>
/// var f = new Powell();                                   // an IScalarFunction
/// double[] g = AD.Gradient(f, [3.0, -1, 0, 1]);           // [306, -144, -18, -310]
/// var (value, grad) = AD.ValueAndGradient(f, [3.0, -1, 0, 1], Mode.Forward);
/// </code></example>
public static partial class AD
{
    /// <summary>The number of tangents a forward pass carries (the chunk width used by the facade).</summary>
    public const int ChunkWidth = 8;

    /// <summary>
    /// The mode <see cref="Mode.Auto"/> picks for n inputs and m outputs: forward when ⌈n/8⌉ chunked passes cost no more
    /// than one recording plus m backward sweeps (6.3·⌈n/8⌉ ≤ 14.5 + 0.68·m, in plain-evaluation units, fitted to the
    /// Jacobian-shape benchmark), reverse otherwise. For a gradient (m = 1) that is forward up to n = 16 inputs.
    /// </summary>
    /// <example><code>
    /// AD.ChooseMode(4, 1);      // Forward: Powell's gradient, one pass
    /// AD.ChooseMode(1000, 1);   // Reverse: a gradient of many inputs
    /// </code></example>
    /// <param name="inputs">n.</param>
    /// <param name="outputs">m.</param>
    /// <returns><see cref="Mode.Forward"/> or <see cref="Mode.Reverse"/>.</returns>
    public static Mode ChooseMode(int inputs, int outputs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        return CostModel.Default.Choose(inputs, outputs);
    }

    private static Mode Resolve(Mode mode, int n, int m) => mode == Mode.Auto ? ChooseMode(n, m) : mode;

    // ----- R -> R -----

    /// <summary>f'(x) of f: ℝ → ℝ written on dual numbers (forward mode, one pass). Generic in the scalar type, so a
    /// derivative can be taken inside another: the inner call runs on <c>Dual&lt;Dual&lt;double&gt;&gt;</c>.</summary>
    /// <typeparam name="T">double, or a dual number when derivatives nest.</typeparam>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    /// <returns>f'(x).</returns>
    public static T Derivative<T>(Func<Dual<T>, Dual<T>> f, T x) where T : IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(f);
        if (!T.IsFinite(x)) throw new ArgumentException($"x is {x}; the point must be finite.", nameof(x));
        return ForwardMode.Derivative(f, x);
    }

    /// <summary>f'(x) of a generic one-input function (its first input; forward mode).</summary>
    /// <param name="f">The function, called with one input.</param>
    /// <param name="x">The point.</param>
    /// <returns>f'(x).</returns>
    public static double Derivative(IScalarFunction f, double x)
    {
        ArgumentNullException.ThrowIfNull(f);
        CheckPoint(x, GradientOptions.Default);
        return ForwardMode.Derivative<double>(d => f.Invoke(new ReadOnlySpan<Dual<double>>(in d)), x);
    }

    /// <summary>f''(x) of f: ℝ → ℝ written on nested dual numbers (forward over forward).</summary>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    /// <returns>f''(x).</returns>
    public static double SecondDerivative(Func<Dual<Dual<double>>, Dual<Dual<double>>> f, double x)
    {
        ArgumentNullException.ThrowIfNull(f);
        CheckPoint(x, GradientOptions.Default);
        return ForwardMode.SecondDerivative(f, x);
    }

    /// <summary>f''(x) of a generic one-input function (forward over forward).</summary>
    /// <param name="f">The function, called with one input.</param>
    /// <param name="x">The point.</param>
    /// <returns>f''(x).</returns>
    public static double SecondDerivative(IScalarFunction f, double x)
    {
        ArgumentNullException.ThrowIfNull(f);
        CheckPoint(x, GradientOptions.Default);
        return ForwardMode.SecondDerivative<double>(d => f.Invoke(new ReadOnlySpan<Dual<Dual<double>>>(in d)), x);
    }

    private static void CheckPoint(double x, GradientOptions options)
    {
        if (!options.AllowNonFiniteInput && !double.IsFinite(x)) throw new ArgumentException($"x is {x}; the point must be finite.", nameof(x));
    }
}
