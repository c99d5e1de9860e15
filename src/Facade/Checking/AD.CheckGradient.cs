using System.Collections.Immutable;

namespace DualGrad;

// Forward, reverse and numerical gradients side by side.
public static partial class AD
{
    /// <summary>
    /// Checks a function's derivatives: forward mode, reverse mode and Richardson-extrapolated central differences
    /// side by side. The numerical reference errs by about ε^(4/5)·|f| scale (≈ 3e-13 for well-scaled f), so the default
    /// tolerance of 1e-6 flags wrong derivatives while tolerating badly scaled functions.
    /// </summary>
    /// <param name="f">The function, written once.</param>
    /// <param name="x">The point.</param>
    /// <param name="tolerance">The largest accepted error relative to max(1, |∂f/∂xᵢ|).</param>
    /// <returns>The report; <c>ToString()</c> prints a table.</returns>
    public static GradientCheck CheckGradient(IScalarFunction f, ReadOnlySpan<double> x, double tolerance = 1e-6)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (!(tolerance > 0)) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "The tolerance must be positive.");
        var (value, forward) = ValueAndGradient(f, x, Mode.Forward);
        var reverse = Gradient(f, x, Mode.Reverse);
        var work = x.ToArray();
        var rows = ImmutableArray.CreateBuilder<GradientCheckRow>(x.Length);
        for (var i = 0; i < x.Length; i++)
        {
            var numeric = Richardson(f, work, i);
            var scale = Math.Max(1, Math.Abs(numeric));
            rows.Add(new GradientCheckRow(i, forward[i], reverse[i], numeric,
                Math.Abs(forward[i] - numeric) / scale, Math.Abs(reverse[i] - numeric) / scale,
                Math.Abs(forward[i] - reverse[i]) / Math.Max(1, Math.Abs(forward[i]))));
        }
        return new GradientCheck(value, rows.MoveToImmutable(), tolerance);
    }

    /// <summary>Checks a function's derivatives (see the span overload).</summary>
    /// <param name="f">The function.</param>
    /// <param name="x">The point.</param>
    /// <param name="tolerance">The largest accepted relative error.</param>
    /// <returns>The report.</returns>
    public static GradientCheck CheckGradient(IScalarFunction f, double[] x, double tolerance = 1e-6)
    {
        ArgumentNullException.ThrowIfNull(x);
        return CheckGradient(f, x.AsSpan(), tolerance);
    }
}
