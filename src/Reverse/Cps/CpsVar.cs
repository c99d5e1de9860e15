namespace DualGrad.Reverse.Cps;

/// <summary>
/// A value in the literal continuation-passing form (for teaching): its value, and its adjoint, which the backward pass
/// accumulates when the continuations return. The adjoint is the one mutable part, on purpose: accumulation is the point.
/// </summary>
public sealed class CpsVar
{
    internal CpsVar(double value, int depth)
    {
        Value = value;
        Depth = depth;
    }

    /// <summary>The value.</summary>
    public double Value { get; }

    /// <summary>∂output/∂this, complete once every continuation that used this value has returned.</summary>
    public double Adjoint { get; internal set; }

    /// <summary>How many operations lie between this value and the inputs (the literal form refuses more than <see cref="Cps.MaxDepth"/>).</summary>
    public int Depth { get; }
}
