using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace DualGrad.Forward;

// Argument checks shared by the operations of both modes: each failure names the parameter and the problem.
// The checks inline to a compare and a jump; the messages are built in separate throw helpers, so a small gradient
// does not pay a call per check.
internal static class Guard
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NotEmpty<T>(ReadOnlySpan<T> x, string name)
    {
        if (x.IsEmpty) ThrowEmpty(name);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SameLength(int expected, int actual, string name, string what)
    {
        if (expected != actual) ThrowLength(expected, actual, name, what);
    }

    // An output that shares memory with an input would be written while the input is still read (a gradient's first
    // chunk overwrites inputs the later passes seed from): refused rather than answered wrongly.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Separate<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> output, string name, string what)
    {
        if (input.Overlaps(output)) ThrowOverlap(name, what);
    }

    [DoesNotReturn]
    private static void ThrowOverlap(string name, string what) =>
        throw new ArgumentException($"{name} overlaps {what}: it would be written while {what} is still being read. Pass separate buffers.", name);

    [DoesNotReturn]
    private static void ThrowEmpty(string name) =>
        throw new ArgumentException("The input vector is empty: a function of no variables has no gradient.", name);

    [DoesNotReturn]
    private static void ThrowLength(int expected, int actual, string name, string what) =>
        throw new ArgumentException($"{name} has length {actual}, but {what} has length {expected}.", name);
}
