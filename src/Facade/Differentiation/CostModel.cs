namespace DualGrad;

// The cost model behind Mode.Auto, in units of one plain evaluation of f (the benchmarks' "ratio" column):
//   forward  = ForwardPass · ⌈n / 8⌉          (one chunked pass carries 8 input directions)
//   reverse  = Record + BackwardSweep · m     (one recording, then one backward sweep per output)
// and Auto picks forward when forward ≤ reverse.
//
// To refit (after either mode gets faster): run the Jacobian-shape suite
//   dotnet run -c Release --project bench -- --short --filter '*JacobianShapes*'   (then --report)
// copy its ratios (ForwardColumns and ReverseRows, per shape) into ModeChoiceTests.Measured, run
// `dotnet test tests/Properties -c Release --filter ModeChoiceTests --logger "console;verbosity=detailed"`, and copy
// the constants the Refit test prints (rounded) into Default below. The tests then check the new constants on the new
// table (Auto picks the faster mode wherever the modes differ by more than 1.5x) and pin the boundaries the
// documentation states (update those numbers, AD.ChooseMode's summary and the README's "switches at n = ..." in its benchmark section, with the constants).
internal sealed record CostModel(double ForwardPass, double Record, double BackwardSweep)
{
    /// <summary>Fitted (rounded) to the JacobianShapes run in ModeChoiceTests.Measured (2026-11-27, commit fcac106, after
    /// reverse mode's recording got about 4x cheaper; the previous fit, 6.5/80/1.1, picked forward at n = 100, m = 10,
    /// where reverse was then 1.7x faster).</summary>
    public static CostModel Default { get; } = new(ForwardPass: 6.3, Record: 14.5, BackwardSweep: 0.68);

    public Mode Choose(int inputs, int outputs)
    {
        var passes = (inputs - 1) / AD.ChunkWidth + 1;   // ⌈n/8⌉ for n ≥ 1, without overflowing at int.MaxValue
        return passes * ForwardPass <= Record + outputs * BackwardSweep ? Mode.Forward : Mode.Reverse;
    }

    // ForwardPass: the geometric mean of forward / passes (forward costs are close to proportional to the passes).
    // Record and BackwardSweep: reverse costs are not a function of m alone (at n = 1 a call's fixed overhead dwarfs the
    // function), so a plain least-squares fit lands far from the boundary that matters. Instead a grid search (Record
    // 1..1,000, BackwardSweep 0.01..10, 1% steps) keeps the pairs that pick the faster mode on the most shapes where
    // the two modes differ by more than 1.5x, and among those the one with the least squared log error on reverse.
    public static CostModel Fit(IReadOnlyList<(int Inputs, int Outputs, double Forward, double Reverse)> measured)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(measured.Count, 2, nameof(measured));
        var logSum = 0.0;
        foreach (var (n, _, forward, _) in measured) logSum += Math.Log(forward / ((n + AD.ChunkWidth - 1) / AD.ChunkWidth));
        var forwardPass = Math.Exp(logSum / measured.Count);
        var best = (Wrong: int.MaxValue, Error: double.PositiveInfinity, Model: new CostModel(forwardPass, 1, 1));
        for (var r = 0; r <= 300; r++)
        for (var b = 0; b <= 300; b++)
        {
            var model = new CostModel(forwardPass, Math.Pow(10, r / 100.0), Math.Pow(10, -2 + b / 100.0));
            var (wrong, error) = (0, 0.0);
            foreach (var (n, m, forward, reverse) in measured)
            {
                var predicted = model.Record + model.BackwardSweep * m;
                error += Math.Pow(Math.Log(predicted / reverse), 2);
                if (Math.Max(forward, reverse) / Math.Min(forward, reverse) > 1.5
                    && model.Choose(n, m) != (forward < reverse ? Mode.Forward : Mode.Reverse)) wrong++;
            }
            if (wrong < best.Wrong || (wrong == best.Wrong && error < best.Error)) best = (wrong, error, model);
        }
        return best.Model;
    }
}
