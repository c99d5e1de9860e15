namespace DualGrad.Properties.Mutation;

/// <summary>Clamp's convention, one line per case for both modes: value, min, max, and which of the three the
/// derivative comes from (0 = x, 1 = min, 2 = max). x passes on the closed interval, ties included; outside it, the
/// bound it was clamped to.</summary>
public static class ClampCases
{
    public static TheoryData<double, double, double, int> All => new()
    {
        { 1.0, 1.0, 3.0, 0 },
        { 3.0, 1.0, 3.0, 0 },
        { 2.0, 2.0, 2.0, 0 },
        { 0.0, 1.0, 3.0, 1 },
        { 4.0, 1.0, 3.0, 2 },
    };
}
