namespace DualGrad.Bench.Functions;

/// <summary>
/// The textbook dual number: two doubles and + − × only. It exists as the floor the 2.5x directional target is judged
/// against: what any op-by-op dual number costs here. No conventions: 0·∞ gives NaN here, unlike DualGrad's Dual.
/// </summary>
public readonly struct TextbookDual
{
    /// <summary>The value.</summary>
    public double Value { get; }

    /// <summary>The tangent (the derivative along the seeded direction).</summary>
    public double Tangent { get; }

    /// <summary>A dual number with the given value and tangent.</summary>
    /// <param name="value">The value.</param>
    /// <param name="tangent">The tangent.</param>
    public TextbookDual(double value, double tangent)
    {
        Value = value;
        Tangent = tangent;
    }

    /// <summary>The sum: values and tangents added.</summary>
    /// <param name="x">The left operand.</param>
    /// <param name="y">The right operand.</param>
    public static TextbookDual operator +(TextbookDual x, TextbookDual y) => new(x.Value + y.Value, x.Tangent + y.Tangent);

    /// <summary>The difference: values and tangents subtracted.</summary>
    /// <param name="x">The left operand.</param>
    /// <param name="y">The right operand.</param>
    public static TextbookDual operator -(TextbookDual x, TextbookDual y) => new(x.Value - y.Value, x.Tangent - y.Tangent);

    /// <summary>The product, tangent by the product rule written plainly.</summary>
    /// <param name="x">The left operand.</param>
    /// <param name="y">The right operand.</param>
    public static TextbookDual operator *(TextbookDual x, TextbookDual y) =>
        new(x.Value * y.Value, x.Tangent * y.Value + x.Value * y.Tangent);
}

/// <summary>Rosenbrock's directional derivative without DualGrad: on <see cref="TextbookDual"/>, and by hand.</summary>
public static class TextbookRosenbrock
{
    private static readonly TextbookDual One = new(1.0, 0.0);
    private static readonly TextbookDual Hundred = new(100.0, 0.0);

    /// <summary>
    /// <see cref="TestFunctions.Rosenbrock{T}"/> with the same expression shape on <see cref="TextbookDual"/>
    /// (the op-by-op floor).
    /// </summary>
    /// <param name="x">The point, each element seeded with its direction component as tangent.</param>
    /// <returns>f(x) and ∇f(x)·v as value and tangent.</returns>
    public static TextbookDual Evaluate(ReadOnlySpan<TextbookDual> x)
    {
        var sum = new TextbookDual(0.0, 0.0);
        for (var i = 0; i + 1 < x.Length; i++)
        {
            var a = x[i + 1] - x[i] * x[i];
            var b = One - x[i];
            sum += Hundred * a * a + b * b;
        }
        return sum;
    }

    /// <summary>
    /// The JVP written by hand, value and tangent in one loop (what algebra-aware code can do, below any dual number):
    /// a = x₍ᵢ₊₁₎ − xᵢ², da = v₍ᵢ₊₁₎ − 2xᵢvᵢ, b = 1 − xᵢ; f += 100a² + b², df += 200·a·da − 2·b·vᵢ.
    /// </summary>
    /// <param name="x">The point.</param>
    /// <param name="v">The direction (at least as long as <paramref name="x"/>).</param>
    /// <returns>f(x) and ∇f(x)·v.</returns>
    public static (double Value, double Derivative) HandWrittenJvp(ReadOnlySpan<double> x, ReadOnlySpan<double> v)
    {
        v = v[..x.Length];   // one length for both spans
        double sum = 0.0, dsum = 0.0;
        for (var i = 0; i + 1 < x.Length; i++)
        {
            var a = x[i + 1] - x[i] * x[i];
            var da = v[i + 1] - 2.0 * x[i] * v[i];
            var b = 1.0 - x[i];
            sum += 100.0 * a * a + b * b;
            dsum += 200.0 * a * da - 2.0 * b * v[i];
        }
        return (sum, dsum);
    }
}
