using System.Runtime.CompilerServices;

namespace DualGrad.Forward;

// One test that both modes' fast paths ask: is a factor safe to multiply in without the zero-times-infinity masks?
internal static class FiniteNonZero
{
    /// <summary>
    /// 0 &lt; |d| &lt; ∞ in one unsigned compare, as cheap as double.IsFinite: the magnitude's bits minus 1 wrap around for
    /// ±0 and reach the largest finite magnitude's bits for ±∞ and NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Is(double d) => (ulong)(BitConverter.DoubleToInt64Bits(d) & long.MaxValue) - 1 < 0x7FEF_FFFF_FFFF_FFFFUL;
}
