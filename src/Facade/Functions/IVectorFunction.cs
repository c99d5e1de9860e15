using System.Numerics;

namespace DualGrad;

/// <summary>A function ℝⁿ → ℝᵐ written once with .NET generic math (see <see cref="IScalarFunction"/>).</summary>
public interface IVectorFunction
{
    /// <summary>m, the number of outputs for <paramref name="inputLength"/> inputs.</summary>
    /// <param name="inputLength">n.</param>
    /// <returns>m (at least 1).</returns>
    int OutputLength(int inputLength);

    /// <summary>Evaluates f(x) into <paramref name="y"/> (length <see cref="OutputLength"/>), on any floating-point scalar type.</summary>
    /// <typeparam name="T">double, a dual number or a reverse-mode Var.</typeparam>
    /// <param name="x">The inputs.</param>
    /// <param name="y">The outputs; write every one.</param>
    void Invoke<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T>;
}
