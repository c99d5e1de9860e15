using DualGrad.Reverse;

namespace DualGrad;

public static partial class AD
{
    /// <summary>
    /// Records f at x once and compiles the recording to .NET code (<see cref="Recording{T}.Compile"/>): value and
    /// gradient at new points without running f's code again, the optimisation-loop case, and directional derivatives
    /// by forward mode on the recording (<see cref="CompiledRecording{T}.DirectionalDerivative"/>). f's branches must not depend
    /// on x; a replay whose recorded comparisons would now go the other way throws <see cref="ReplayDivergedException"/>.
    /// </summary>
    /// <param name="f">The function, written once.</param>
    /// <param name="x">The point to record at (finite).</param>
    /// <param name="maxCompiledSteps">How many steps of generated code to allow; the rest is interpreted.</param>
    /// <returns>The compiled recording.</returns>
    /// <example>
    /// <code>
    /// var compiled = AD.Compile(new Powell(), [3.0, -1, 0, 1]);
    /// var g = new double[4];
    /// double f = compiled.ValueAndGradient([1.0, 2, 3, 4], g);
    /// </code>
    /// </example>
    /// <exception cref="ArgumentNullException">When f is null.</exception>
    /// <exception cref="ArgumentException">When x is empty or not finite.</exception>
    /// <exception cref="NotSupportedException">When f uses a custom primitive (a closure cannot be replayed at a new point).</exception>
    public static CompiledRecording<double> Compile(IScalarFunction f, ReadOnlySpan<double> x, int maxCompiledSteps = CompiledRecording<double>.DefaultMaxCompiledSteps)
    {
        ArgumentNullException.ThrowIfNull(f);
        Validate.Input(x, GradientOptions.Default);
        return Recording<double>.Record(f.Invoke, x).Compile(maxCompiledSteps);
    }
}
