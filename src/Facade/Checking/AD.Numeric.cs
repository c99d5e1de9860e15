namespace DualGrad;

// The numerical twin of Gradient: central differences, the notebook's check of autograd.
public static partial class AD
{
    // Central differences err by truncation ≈ h²|f'''|/6 and by rounding ≈ ε|f|/h; the sum is smallest near h = ε^(1/3)
    // (≈ 6e-6) times the scale of x. Richardson's combination cancels the h² term, so its best step is larger: ε^(1/5).
    private static readonly double CentralStep = Math.Cbrt(MachineEpsilon);
    private static readonly double RichardsonStep = Math.Pow(MachineEpsilon, 0.2);

    // The gap between 1 and the next double (2⁻⁵²); double.Epsilon is the smallest subnormal, not this.
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>
    /// The central-difference gradient (f(x + hᵢeᵢ) − f(x − hᵢeᵢ)) / 2hᵢ, evaluated in double. The step is
    /// hᵢ = ε^(1/3)·max(1, |xᵢ|) unless <paramref name="step"/> is given (then hᵢ = step, the notebook's h = 1e-3).
    /// Each hᵢ is rounded so that xᵢ ± hᵢ is exact.
    /// </summary>
    /// <param name="f">The function, written once.</param>
    /// <param name="x">The point.</param>
    /// <param name="step">An absolute step for every input; null to choose it from the scale of each xᵢ.</param>
    /// <returns>A fresh array with the approximate gradient (2n evaluations of f).</returns>
    public static double[] NumericGradient(IScalarFunction f, ReadOnlySpan<double> x, double? step = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        Validate.Input(x, GradientOptions.Default);
        if (step is { } s && !(s > 0 && double.IsFinite(s))) throw new ArgumentOutOfRangeException(nameof(step), s, "The step must be positive and finite.");
        var gradient = new double[x.Length];
        var work = x.ToArray();
        for (var i = 0; i < x.Length; i++)
        {
            var h = step ?? CentralStep * Math.Max(1, Math.Abs(x[i]));
            // A given step below the spacing of doubles at xᵢ rounds to nothing, and 0/0 would come back as NaN.
            if ((x[i] + h) - x[i] == 0)
                throw new ArgumentOutOfRangeException(nameof(step), h, $"The step is too small to move x[{i}] = {x[i]}: it rounds away. Use a step of at least {Math.BitIncrement(Math.Abs(x[i])) - Math.Abs(x[i])}.");
            gradient[i] = Central(f, work, i, h);
        }
        return gradient;
    }

    /// <summary>The central-difference gradient at x (see the span overload).</summary>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    /// <param name="step">An absolute step, or null.</param>
    /// <returns>A fresh array.</returns>
    public static double[] NumericGradient(IScalarFunction f, double[] x, double? step = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        return NumericGradient(f, x.AsSpan(), step);
    }

    /// <summary>One central difference along input i with step h (rounded so that x ± h is exact); <paramref name="work"/> is restored.</summary>
    internal static double Central(IScalarFunction f, double[] work, int i, double h)
    {
        var xi = work[i];
        h = (xi + h) - xi;   // the step actually taken, so that dividing by 2h adds no error
        work[i] = xi + h;
        var up = f.Invoke<double>(work);
        work[i] = xi - h;
        var down = f.Invoke<double>(work);
        work[i] = xi;
        return (up - down) / (2 * h);
    }

    /// <summary>Richardson extrapolation of two central differences, (4·D(h/2) − D(h))/3: truncation error O(h⁴) instead of O(h²).</summary>
    internal static double Richardson(IScalarFunction f, double[] work, int i)
    {
        var h = RichardsonStep * Math.Max(1, Math.Abs(work[i]));
        return (4 * Central(f, work, i, h / 2) - Central(f, work, i, h)) / 3;
    }
}
