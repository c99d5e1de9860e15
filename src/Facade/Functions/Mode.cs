namespace DualGrad;

/// <summary>Which way to apply the chain rule.</summary>
public enum Mode
{
    /// <summary>Let <see cref="AD.ChooseMode"/> pick from the numbers of inputs and outputs.</summary>
    Auto,
    /// <summary>Forward mode: dual numbers, one pass per chunk of input directions (cheap for few inputs).</summary>
    Forward,
    /// <summary>Reverse mode: record once, one backward sweep per output (cheap for few outputs).</summary>
    Reverse,
}
