using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DualGrad;

// The facade's argument checks: every failure names the parameter and the problem.
internal static class Validate
{
    public static void Input(ReadOnlySpan<double> x, GradientOptions options, string name = "x")
    {
        if (x.IsEmpty) throw new ArgumentException($"{name} is empty (a null array arrives as an empty span): a function of no variables has no derivative.", name);
        if (options.AllowNonFiniteInput || AllFinite(x)) return;
        for (var i = 0; i < x.Length; i++)
            if (!double.IsFinite(x[i]))
                throw new ArgumentException($"{name}[{i}] is {x[i]}; inputs must be finite (set GradientOptions.AllowNonFiniteInput to allow it).", name);
    }

    // Four inputs per test, inlined: on Powell's gradient a scalar loop was a tenth of the whole forward pass.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AllFinite(ReadOnlySpan<double> x)
    {
        var i = 0;
        ref var first = ref MemoryMarshal.GetReference(x);
        for (; i + Vector256<double>.Count <= x.Length; i += Vector256<double>.Count)
            if (Vector256.ExtractMostSignificantBits(Vector256.IsFinite(Vector256.LoadUnsafe(ref first, (nuint)i))) != 0b1111) return false;
        for (; i < x.Length; i++)
            if (!double.IsFinite(x[i])) return false;
        return true;
    }

    // An enum holds any integer: (Mode)42 would otherwise run as whichever mode a branch falls through to.
    public static Mode KnownMode(Mode mode, string name = "mode")
    {
        if ((uint)mode > (uint)Mode.Reverse)
            throw new ArgumentOutOfRangeException(name, mode, $"{name} is {(int)mode}, which is not a Mode: use Mode.Auto, Mode.Forward or Mode.Reverse.");
        return mode;
    }

    // A caller-given output buffer: its length is fixed by the problem, so a mismatch is the caller's bug, named.
    public static void Destination(Span<double> destination, int expected, string name, string against = "x")
    {
        if (destination.Length != expected)
            throw new ArgumentException($"{name} has length {destination.Length}, but {against} has length {expected}.", name);
    }

    // Forward mode seeds later passes from x after writing earlier chunks of the gradient: shared memory would corrupt both.
    public static void Separate(ReadOnlySpan<double> x, Span<double> destination, string name)
    {
        if (x.Overlaps(destination))
            throw new ArgumentException($"{name} overlaps x: it would be written while x is still being read. Pass separate buffers.", name);
    }

    public static void Direction(ReadOnlySpan<double> v, int expected, string name, string against = "x")
    {
        if (v.Length != expected) throw new ArgumentException($"{name} has length {v.Length}, but {against} has length {expected}.", name);
        for (var i = 0; i < v.Length; i++)
            if (!double.IsFinite(v[i])) throw new ArgumentException($"{name}[{i}] is {v[i]}; it must be finite.", name);
    }

    public static int Outputs<TFunction>(TFunction f, int n) where TFunction : IVectorFunction
    {
        var m = f.OutputLength(n);
        if (m <= 0) throw new ArgumentException($"f.OutputLength({n}) returned {m}; a function must have at least one output.", nameof(f));
        return m;
    }

    // An output pre-set to this NaN and still holding its exact bits after f ran was never written: arithmetic does not
    // produce this payload (an output that reads itself before writing inherits it, and is reported the same way).
    public static readonly double Unwritten = BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8_DEAD_BEEF_0001));

    // Calls f once with every output pre-set to Unwritten, then checks that each was written. A write past the end is
    // caught by the output span's bounds check, but so is any out-of-range index inside f (x[n], its own arrays): the
    // exception does not say which, so the message names both and keeps the original. valueOf reads an output's primal
    // value (the output itself in double, .Value on dual numbers and Var).
    public static void Invoke<TFunction, T>(TFunction f, ReadOnlySpan<T> x, Span<T> y, T unwritten, Func<T, double> valueOf)
        where TFunction : IVectorFunction
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        var m = y.Length;
        y.Fill(unwritten);
        try
        {
            f.Invoke(x, y);
        }
        catch (IndexOutOfRangeException e)
        {
            throw new ArgumentException($"f threw IndexOutOfRangeException: it wrote more outputs than its OutputLength ({m}), or indexed out of range itself (see the inner exception).", "f", e);
        }
        for (var j = 0; j < m; j++)
            if (BitConverter.DoubleToInt64Bits(valueOf(y[j])) == BitConverter.DoubleToInt64Bits(Unwritten))
                throw new ArgumentException($"f did not write output {j} of its {m} outputs (OutputLength says {m}).", "f");
    }

    // Evaluates f once in double, checking that it writes exactly its m outputs.
    public static double[] Evaluate(IVectorFunction f, ReadOnlySpan<double> x, int m)
    {
        var y = new double[m];
        Invoke(f, x, y, Unwritten, static v => v);
        return y;
    }
}
