using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace DualGrad;

/// <summary>One input's line of a <see cref="GradientCheck"/>: the three gradients side by side and their errors.</summary>
/// <param name="Index">The input's index.</param>
/// <param name="Forward">∂f/∂xᵢ by forward mode.</param>
/// <param name="Reverse">∂f/∂xᵢ by reverse mode.</param>
/// <param name="Numeric">∂f/∂xᵢ by Richardson-extrapolated central differences (the independent reference).</param>
/// <param name="ForwardError">|Forward − Numeric| / max(1, |Numeric|).</param>
/// <param name="ReverseError">|Reverse − Numeric| / max(1, |Numeric|).</param>
/// <param name="ModesDisagreement">|Forward − Reverse| / max(1, |Forward|): the two modes share their rules, so this should be a few ulps.</param>
public sealed record GradientCheckRow(int Index, double Forward, double Reverse, double Numeric, double ForwardError, double ReverseError, double ModesDisagreement);

/// <summary>
/// The result of <see cref="AD.CheckGradient(IScalarFunction, ReadOnlySpan{double}, double)"/>: forward mode, reverse mode
/// and numerical differentiation side by side, with a verdict against a stated tolerance.
/// </summary>
/// <param name="Value">f(x).</param>
/// <param name="Rows">One row per input.</param>
/// <param name="Tolerance">The largest accepted error (relative to max(1, |∂f/∂xᵢ|)).</param>
public sealed record GradientCheck(double Value, ImmutableArray<GradientCheckRow> Rows, double Tolerance)
{
    /// <summary>The largest error of either mode against the numerical reference; NaN when a row's error is undefined
    /// (a non-finite numerical reference or derivative), which also fails the check.</summary>
    public double MaxError
    {
        get
        {
            // Math.Max propagates NaN (Enumerable.Max would skip it and report a failed check's largest error as 0).
            var largest = 0.0;
            foreach (var r in Rows) largest = Math.Max(largest, Math.Max(r.ForwardError, r.ReverseError));
            return largest;
        }
    }

    /// <summary>True when both modes agree with the numerical gradient within <see cref="Tolerance"/> at every input.</summary>
    public bool Passed => Rows.All(r => r.ForwardError <= Tolerance && r.ReverseError <= Tolerance);

    /// <summary>A readable table: one line per input, then the verdict.</summary>
    /// <returns>The table.</returns>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"f(x) = {Value:G10}");
        text.AppendLine(c, $"{"i",3}  {"forward",16}  {"reverse",16}  {"numeric (Richardson)",20}  {"fwd error",9}  {"rev error",9}");
        foreach (var r in Rows)
            text.AppendLine(c, $"{r.Index,3}  {r.Forward,16:G10}  {r.Reverse,16:G10}  {r.Numeric,20:G10}  {r.ForwardError,9:E1}  {r.ReverseError,9:E1}");
        text.Append(c, $"{(Passed ? "PASSED" : "FAILED")}: largest error {MaxError:E2}, tolerance {Tolerance:E1}");
        foreach (var r in Rows)
            if (!double.IsFinite(r.Numeric))
                text.Append(c, $"\nthe numerical reference for input {r.Index} is {r.Numeric}: a step of the difference quotient left f's domain or overflowed it");
        return text.ToString();
    }
}
