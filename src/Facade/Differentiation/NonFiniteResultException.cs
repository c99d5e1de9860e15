namespace DualGrad;

/// <summary>A derivative or value came out NaN or infinite; says which recorded operation produced it first.</summary>
public sealed class NonFiniteResultException : ArithmeticException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The description.</param>
    /// <param name="step">The first step with a non-finite value, or -1 if every recorded value was finite.</param>
    /// <param name="primitive">That step's primitive, or null.</param>
    public NonFiniteResultException(string message, int step, string? primitive) : base(message)
    {
        Step = step;
        Primitive = primitive;
    }

    /// <summary>The first recorded step whose value was NaN or infinite (-1 if the values were finite and only a derivative was not).</summary>
    public int Step { get; }

    /// <summary>The name of that step's primitive (for example "Log" or "Sqrt").</summary>
    public string? Primitive { get; }
}
