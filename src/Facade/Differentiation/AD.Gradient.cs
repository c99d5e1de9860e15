using System.Runtime.CompilerServices;
using DualGrad.Forward;
using DualGrad.Reverse;

namespace DualGrad;

// Gradients of f: R^n -> R, in the mode asked for (or the one ChooseMode picks).
public static partial class AD
{
    /// <summary>∇f(x) of f: ℝⁿ → ℝ.</summary>
    /// <param name="f">The function, written once.</param>
    /// <param name="x">The point.</param>
    /// <param name="mode">Forward, reverse, or <see cref="Mode.Auto"/> (<see cref="ChooseMode"/> with m = 1).</param>
    /// <param name="options">Input and result checks; <see cref="GradientOptions.Default"/> if null.</param>
    /// <returns>A fresh array with ∇f(x).</returns>
    public static double[] Gradient(IScalarFunction f, ReadOnlySpan<double> x, Mode mode = Mode.Auto, GradientOptions? options = null) =>
        ValueAndGradient(f, x, mode, options).Gradient;

    /// <summary>∇f(x) of f: ℝⁿ → ℝ.</summary>
    /// <param name="f">The function, written once.</param>
    /// <param name="x">The point.</param>
    /// <param name="mode">Forward, reverse, or <see cref="Mode.Auto"/>.</param>
    /// <param name="options">Input and result checks.</param>
    /// <returns>A fresh array with ∇f(x).</returns>
    public static double[] Gradient(IScalarFunction f, double[] x, Mode mode = Mode.Auto, GradientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Gradient(f, x.AsSpan(), mode, options);
    }

    /// <summary>f(x) and ∇f(x) of f: ℝⁿ → ℝ together.</summary>
    /// <param name="f">The function, written once.</param>
    /// <param name="x">The point.</param>
    /// <param name="mode">Forward, reverse, or <see cref="Mode.Auto"/>.</param>
    /// <param name="options">Input and result checks.</param>
    /// <returns>The value and a fresh gradient array.</returns>
    public static (double Value, double[] Gradient) ValueAndGradient(IScalarFunction f, double[] x, Mode mode = Mode.Auto, GradientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        return ValueAndGradient(f, x.AsSpan(), mode, options);
    }

    /// <summary>f(x) and ∇f(x) of f: ℝⁿ → ℝ together.</summary>
    /// <param name="f">The function, written once.</param>
    /// <param name="x">The point.</param>
    /// <param name="mode">Forward, reverse, or <see cref="Mode.Auto"/>.</param>
    /// <param name="options">Input and result checks.</param>
    /// <returns>The value and a fresh gradient array.</returns>
    public static (double Value, double[] Gradient) ValueAndGradient(IScalarFunction f, ReadOnlySpan<double> x, Mode mode = Mode.Auto, GradientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        var gradient = new double[x.Length];
        var value = ValueAndGradient(f, x, gradient, mode, options);
        return (value, gradient);
    }

    /// <summary>
    /// f(x), with ∇f(x) written into <paramref name="gradient"/>: the allocation-free form for loops that take many
    /// gradients (an optimiser, a benchmark). Generic in the function's type, so a struct function is called directly
    /// (no delegate, no interface dispatch); a class works the same way.
    /// </summary>
    /// <example><code>
    /// Span&lt;double&gt; g = stackalloc double[4];
    /// double f = AD.ValueAndGradient(new Powell(), [3.0, -1, 0, 1], g);   // 215; g = [306, -144, -18, -310]
    /// </code></example>
    /// <typeparam name="TFunction">The function's type (a struct function gets its own compiled copy).</typeparam>
    /// <param name="f">The function, written once.</param>
    /// <param name="x">The point.</param>
    /// <param name="gradient">Receives ∇f(x); its length must equal x's.</param>
    /// <param name="mode">Forward, reverse, or <see cref="Mode.Auto"/> (<see cref="ChooseMode"/> with m = 1).</param>
    /// <param name="options">Input and result checks; <see cref="GradientOptions.Default"/> if null.</param>
    /// <returns>f(x).</returns>
    [SkipLocalsInit]   // the forward loop's stack buffers, if inlined here, are written before they are read
    public static double ValueAndGradient<TFunction>(TFunction f, ReadOnlySpan<double> x, Span<double> gradient, Mode mode = Mode.Auto, GradientOptions? options = null)
        where TFunction : IScalarFunction
    {
        // Only a class can be null. Tested without `f is null`, which boxes a struct function until the JIT optimises the call.
        if (!typeof(TFunction).IsValueType && Unsafe.As<TFunction, object?>(ref f) is null) throw new ArgumentNullException(nameof(f));
        // One combined test on the hot path (Powell's forward gradient is ~14 ns, so each check shows); the throwing
        // helper repeats them in order to name the first problem.
        if (x.IsEmpty || gradient.Length != x.Length || x.Overlaps(gradient) || (uint)mode > (uint)Mode.Reverse
            || !(options is { AllowNonFiniteInput: true } || Validate.AllFinite(x)))
            ThrowBadGradientArguments(x, gradient, mode, options);
        if (mode == Mode.Auto) mode = CostModel.Default.Choose(x.Length, 1);
        double value;
        if (mode == Mode.Forward)
        {
            // Up to 4 inputs a 4-wide chunk does the same single pass with half the data per value. ForwardMode's
            // loop is generic in the function's type, so the function is called through its type, not a delegate.
            value = x.Length <= 4
                ? ForwardMode.GradientChunked<Chunk4, OnChunks<TFunction, Chunk4>>(new(f), x, gradient)
                : ForwardMode.GradientChunked<Chunk8, OnChunks<TFunction, Chunk8>>(new(f), x, gradient);
        }
        else
        {
            // ReverseMode's own tape for one call (its arrays come from the shared pool): the facade keeps no tape
            // (no static or thread-static state), so threads never share one and a function may take gradients inside.
            value = ReverseMode.ValueAndGradient(f.Var(), x, gradient);
        }
        // Forward mode keeps no record and the reverse tape is gone: a non-finite result is diagnosed by recording again.
        if (options is { DiagnoseNonFiniteResult: true } && !AllFinite(value, gradient)) Diagnose(f.Var(), x);
        return value;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBadGradientArguments(ReadOnlySpan<double> x, Span<double> gradient, Mode mode, GradientOptions? options)
    {
        Validate.Input(x, options ?? GradientOptions.Default);
        Validate.Destination(gradient, x.Length, nameof(gradient));
        Validate.Separate(x, gradient, nameof(gradient));
        Validate.KnownMode(mode);
    }

    /// <summary>∇f(x) written into <paramref name="gradient"/> (see <see cref="ValueAndGradient{TFunction}(TFunction, ReadOnlySpan{double}, Span{double}, Mode, GradientOptions?)"/>).</summary>
    /// <example><code>
    /// var g = new double[4];
    /// AD.Gradient(new Powell(), [3.0, -1, 0, 1], g, Mode.Forward);   // g = [306, -144, -18, -310]
    /// </code></example>
    /// <typeparam name="TFunction">The function's type.</typeparam>
    /// <param name="f">The function, written once.</param>
    /// <param name="x">The point.</param>
    /// <param name="gradient">Receives ∇f(x); its length must equal x's.</param>
    /// <param name="mode">Forward, reverse, or <see cref="Mode.Auto"/>.</param>
    /// <param name="options">Input and result checks.</param>
    public static void Gradient<TFunction>(TFunction f, ReadOnlySpan<double> x, Span<double> gradient, Mode mode = Mode.Auto, GradientOptions? options = null)
        where TFunction : IScalarFunction =>
        ValueAndGradient(f, x, gradient, mode, options);

    /// <summary>∇f(x) for f written directly on the reverse-mode scalar (a lambda over <c>Var&lt;double&gt;</c>).</summary>
    /// <param name="f">The function, e.g. <c>(ReadOnlySpan&lt;Var&lt;double&gt;&gt; x) =&gt; x[0] * x[1]</c>.</param>
    /// <param name="x">The point.</param>
    /// <returns>A fresh array with ∇f(x).</returns>
    public static double[] Gradient(ScalarFunc<Var<double>> f, double[] x)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        Validate.Input(x, GradientOptions.Default);
        var gradient = new double[x.Length];
        new Tape<double>().ValueAndGradient(f, x, gradient);
        return gradient;
    }

    /// <summary>∇f(x) for f written directly on dual numbers (a lambda over <c>Dual&lt;double&gt;</c>; n forward passes).</summary>
    /// <param name="f">The function, e.g. <c>(ReadOnlySpan&lt;Dual&lt;double&gt;&gt; x) =&gt; x[0] * x[1]</c>.</param>
    /// <param name="x">The point.</param>
    /// <returns>A fresh array with ∇f(x).</returns>
    public static double[] Gradient(ScalarFunc<Dual<double>> f, double[] x)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        Validate.Input(x, GradientOptions.Default);
        var gradient = new double[x.Length];
        ForwardMode.Gradient(f, x, gradient);
        return gradient;
    }

    private static bool AllFinite(double value, ReadOnlySpan<double> gradient)
    {
        if (!double.IsFinite(value)) return false;
        foreach (var g in gradient)
            if (!double.IsFinite(g)) return false;
        return true;
    }

    // Forward mode keeps no record of its steps, so a non-finite result is diagnosed by recording the function once more.
    private static void Diagnose(ScalarFunc<Var<double>> f, ReadOnlySpan<double> x)
    {
        var tape = new Tape<double>();
        var gradient = new double[x.Length];
        tape.ValueAndGradient(f, x, gradient);
        Diagnose(tape);
    }

    private static void Diagnose(Tape<double> tape)
    {
        var step = tape.FirstNonFinite();
        if (step < 0)
            throw new NonFiniteResultException("The derivative is not finite although every recorded value is: a primitive has an infinite local derivative at this point (for example sqrt or a power at 0).", -1, null);
        var name = tape.PrimitiveName(step);
        throw new NonFiniteResultException($"Step {step} ({name}) produced a non-finite value; everything after it inherits it.", step, name);
    }
}
