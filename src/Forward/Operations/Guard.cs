namespace DualGrad.Forward;

// Argument checks shared by the operations of both modes: each failure names the parameter and the problem.
internal static class Guard
{
    public static void NotEmpty<T>(ReadOnlySpan<T> x, string name)
    {
        if (x.IsEmpty) throw new ArgumentException("The input vector is empty: a function of no variables has no gradient.", name);
    }

    public static void SameLength(int expected, int actual, string name, string what)
    {
        if (expected != actual) throw new ArgumentException($"{name} has length {actual}, but {what} has length {expected}.", name);
    }
}
