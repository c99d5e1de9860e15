namespace DualGrad.Properties;

/// <summary>Managed bytes a call allocates on this thread, for the "allocates nothing" tests.</summary>
internal static class Allocation
{
    /// <summary>
    /// The least, over a few tries, of the bytes one call allocates after a warm-up call (which may fill the shared array
    /// pool and run static constructors). The pool may drop its arrays at any garbage collection (tests run in parallel),
    /// and the next call then rents a new one; a call that allocates every time never reaches 0.
    /// </summary>
    /// <param name="call">The call to measure.</param>
    /// <returns>Bytes allocated by the best try.</returns>
    public static long Least(Action call)
    {
        var least = long.MaxValue;
        for (var attempt = 0; attempt < 5 && least > 0; attempt++)
        {
            call();
            var before = GC.GetAllocatedBytesForCurrentThread();
            call();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }
}
