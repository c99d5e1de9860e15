namespace DualGrad;

// The facade's argument checks: every failure names the parameter and the problem.
internal static class Validate
{
    public static void Input(ReadOnlySpan<double> x, GradientOptions options, string name = "x")
    {
        if (x.IsEmpty) throw new ArgumentException($"{name} is empty: a function of no variables has no derivative.", name);
        if (options.AllowNonFiniteInput) return;
        for (var i = 0; i < x.Length; i++)
            if (!double.IsFinite(x[i]))
                throw new ArgumentException($"{name}[{i}] is {x[i]}; inputs must be finite (set GradientOptions.AllowNonFiniteInput to allow it).", name);
    }

    // A caller-given output buffer: its length is fixed by the problem, so a mismatch is the caller's bug, named.
    public static void Destination(Span<double> destination, int expected, string name, string against = "x")
    {
        if (destination.Length != expected)
            throw new ArgumentException($"{name} has length {destination.Length}, but {against} has length {expected}.", name);
    }

    public static void Direction(ReadOnlySpan<double> v, int expected, string name, string against = "x")
    {
        if (v.Length != expected) throw new ArgumentException($"{name} has length {v.Length}, but {against} has length {expected}.", name);
        for (var i = 0; i < v.Length; i++)
            if (!double.IsFinite(v[i])) throw new ArgumentException($"{name}[{i}] is {v[i]}; it must be finite.", name);
    }

    public static int Outputs(IVectorFunction f, int n)
    {
        var m = f.OutputLength(n);
        if (m <= 0) throw new ArgumentException($"f.OutputLength({n}) returned {m}; a function must have at least one output.", nameof(f));
        return m;
    }

    // Evaluates f once in double with every output pre-set to a NaN that arithmetic never produces, so an output the
    // function forgot to write is caught by name; writing past the end is caught by the span's bounds check.
    public static double[] Evaluate(IVectorFunction f, ReadOnlySpan<double> x, int m)
    {
        var sentinel = BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8_DEAD_BEEF_0001));
        var y = new double[m];
        y.AsSpan().Fill(sentinel);
        try
        {
            f.Invoke(x, y);
        }
        catch (IndexOutOfRangeException e)
        {
            throw new ArgumentException($"f wrote more outputs than its OutputLength ({m}).", nameof(f), e);
        }
        for (var j = 0; j < m; j++)
            if (BitConverter.DoubleToInt64Bits(y[j]) == BitConverter.DoubleToInt64Bits(sentinel))
                throw new ArgumentException($"f did not write output {j} of its {m} outputs (OutputLength says {m}).", nameof(f));
        return y;
    }
}
