namespace DualGrad;

/// <summary>Options for the <see cref="AD"/> entry points. Immutable; <c>with</c> makes a changed copy.</summary>
public sealed record GradientOptions
{
    /// <summary>The defaults: non-finite inputs are refused, non-finite results are returned as they are.</summary>
    public static GradientOptions Default { get; } = new();

    /// <summary>Accept NaN or infinite inputs (by default each one is refused with an <see cref="ArgumentException"/> naming its index).</summary>
    public bool AllowNonFiniteInput { get; init; }

    /// <summary>
    /// When the value or a derivative comes out NaN or infinite, throw a <see cref="NonFiniteResultException"/> naming the
    /// first recorded operation that produced a non-finite value (its primitive and step), instead of returning it.
    /// </summary>
    public bool DiagnoseNonFiniteResult { get; init; }
}
