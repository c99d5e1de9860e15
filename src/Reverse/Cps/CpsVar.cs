namespace DualGrad.Reverse.Cps;

/// <summary>
/// A value in the literal continuation-passing form (for teaching): its value, and its adjoint, which the backward pass
/// accumulates when the continuations return. The adjoint is the one mutable part, on purpose: accumulation is the point.
/// </summary>
public sealed class CpsVar
{
    internal CpsVar(double value, int depth, CpsRun? run)
    {
        Value = value;
        Depth = depth;
        Run = run;
    }

    /// <summary>The value.</summary>
    public double Value { get; }

    /// <summary>∂output/∂this, complete once every continuation that used this value has returned.</summary>
    public double Adjoint { get; internal set; }

    /// <summary>
    /// How many operations were waiting for their continuations when this value was made, itself included: the number of
    /// stack frames the literal form holds at that point (it refuses more than <see cref="Cps.MaxDepth"/>). For a chain
    /// this is the number of operations between the value and the inputs.
    /// </summary>
    public int Depth { get; }

    /// <summary>The gradient computation this value belongs to (null for a constant).</summary>
    internal CpsRun? Run { get; }
}

/// <summary>One gradient computation in the literal form: how many operations are waiting for their continuations.</summary>
internal sealed class CpsRun
{
    public int Waiting;
    public bool Finished;
}
