namespace DualGrad;

// The optimisers' settings, checked when a record is built or copied with `with`, so that a bad setting is refused
// where it is written rather than showing up later as NaN or as a run that silently goes nowhere.
internal static class OptimizerSettings
{
    // Positive and finite. For a learning rate: a negative one climbs, and PyTorch's lr = 0 takes steps that cannot
    // move (nearly always a mistake such as 1 / 1000 in integers). For Adam's ε: it keeps m̂/(√v̂ + ε) defined where a
    // gradient component is 0 (with ε = 0 that is 0/0).
    public static double Positive(double value, string name)
    {
        if (!(value > 0 && double.IsFinite(value)))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive and finite.");
        return value;
    }

    // 0 ≤ value < 1, for a decay factor (momentum's μ, Adam's β₁ and β₂). At 1 or above the past never fades: momentum's
    // velocity grows without bound and Adam's bias correction 1 − βᵗ is 0 or negative. PyTorch refuses β outside [0, 1)
    // too; it accepts any μ ≥ 0, which we narrow to that practical range.
    public static double Decay(double value, string name)
    {
        if (!(value >= 0 && value < 1))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 0 and less than 1.");
        return value;
    }
}
