namespace DualGrad.Forward;

/// <summary>A function ℝⁿ → ℝ evaluated on some scalar type (a dual number, a chunked dual, <c>double</c>...).</summary>
/// <typeparam name="TScalar">The scalar type the function is evaluated on.</typeparam>
/// <param name="x">The inputs.</param>
/// <returns>f(x).</returns>
public delegate TScalar ScalarFunc<TScalar>(ReadOnlySpan<TScalar> x);

/// <summary>A function ℝⁿ → ℝᵐ that writes its m outputs into <paramref name="y"/>.</summary>
/// <typeparam name="TScalar">The scalar type the function is evaluated on.</typeparam>
/// <param name="x">The inputs.</param>
/// <param name="y">The outputs, to be written.</param>
public delegate void VectorFunc<TScalar>(ReadOnlySpan<TScalar> x, Span<TScalar> y);
