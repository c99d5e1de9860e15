// Lesson: forward vs reverse accumulation is a cost question. Forward mode pays one pass per input direction (8 per
// chunked pass), reverse mode one recording plus one sweep per output. AD.ChooseMode documents the rule
// 6.3·⌈n/8⌉ ≤ 14.5 + 0.68·m ⇒ Forward (fitted to the Jacobian-shape benchmark); these tests pin the rule and its
// boundaries (for a gradient, forward up to n = 16).
using Xunit.Abstractions;

namespace DualGrad.Properties.Facade;

public class ModeChoiceTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(4, 1, Mode.Forward)]        // the notebook's f: 6.3 ≤ 15.18
    [InlineData(1000, 1, Mode.Reverse)]     // a gradient of many inputs
    [InlineData(1000, 1000, Mode.Reverse)]  // square Jacobian: 787.5 > 14.5 + 680
    [InlineData(1, 1000, Mode.Forward)]
    [InlineData(16, 1, Mode.Forward)]       // boundary: ⌈16/8⌉ = 2, 12.6 ≤ 15.18
    [InlineData(17, 1, Mode.Reverse)]       //           ⌈17/8⌉ = 3, 18.9 > 15.18
    [InlineData(100, 10, Mode.Reverse)]     // 81.9 > 21.3 (the benchmark: forward 56x, reverse 34x)
    [InlineData(100, 100, Mode.Forward)]    // 81.9 ≤ 82.5 (the benchmark: forward 159x, reverse 372x)
    [InlineData(1000, 100, Mode.Reverse)]   // 787.5 > 82.5 (the benchmark: forward 1,270x, reverse 128x)
    [InlineData(1000, 1137, Mode.Forward)]  // 787.5 ≤ 787.66
    [InlineData(1000, 1136, Mode.Reverse)]  // 787.5 > 786.98
    public void ChooseMode_follows_the_documented_cost_rule(int n, int m, Mode expected)
    {
        Assert.Equal(expected, AD.ChooseMode(n, m));
        var passes = (n + 7) / 8;
        Assert.Equal(6.3 * passes <= 14.5 + 0.68 * m ? Mode.Forward : Mode.Reverse, AD.ChooseMode(n, m));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    [InlineData(-3, 2)]
    public void ChooseMode_refuses_non_positive_sizes(int n, int m) =>
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => AD.ChooseMode(n, m));

    [Fact]
    public void Auto_gives_the_same_gradient_on_both_sides_of_the_boundary()
    {
        // Σ (i+1)·xᵢ² has gradient 2(i+1)xᵢ, exact in float64 for these small integers.
        foreach (var n in new[] { 16, 17 })
        {
            var x = Enumerable.Range(0, n).Select(i => (double)(i % 5 - 2)).ToArray();
            var expected = x.Select((xi, i) => 2 * (i + 1) * xi).ToArray();
            Assert.Equal(expected, AD.Gradient(new WeightedSquares(), x, Mode.Auto));
            Assert.Equal(expected, AD.Gradient(new WeightedSquares(), x, AD.ChooseMode(n, 1) == Mode.Forward ? Mode.Reverse : Mode.Forward));
        }
    }

    // The JacobianShapes table the constants were fitted to: medians over the plain evaluation's median, per shape, of
    // forward by columns (Chunk8) and reverse by rows, from `dotnet run -c Release --project bench -- --short --filter
    // '*JacobianShapes*'` at commit fcac106 (2026-11-27 04:58 UTC, a loaded machine: load average 12 to 16 on 2 cores,
    // so medians rather than means). To refit after either mode changes, replace these rows with the new table and
    // follow the steps in src/Facade/Differentiation/CostModel.cs.
    public static readonly (int Inputs, int Outputs, double Forward, double Reverse)[] Measured =
    [
        (1, 1, 6.23, 9.18), (1, 10, 10.2, 10.9), (1, 100, 3.3, 16.5), (1, 1000, 13.4, 127),
        (10, 1, 14.9, 14.2), (10, 10, 6.74, 10.7), (10, 100, 13.5, 72.9), (10, 1000, 14.9, 459),
        (100, 1, 125, 16.1), (100, 10, 56.3, 33.8), (100, 100, 159, 372), (100, 1000, 96.9, 985),
        (1000, 1, 371, 22.9), (1000, 10, 292, 31.2), (1000, 100, 1270, 128),
    ];

    // Issue 4's target, on the recorded table: Auto picks the faster mode wherever the two differ by more than 1.5x.
    [Fact]
    public void Auto_picks_the_faster_mode_on_every_measured_shape_where_it_matters()
    {
        foreach (var (n, m, forward, reverse) in Measured)
        {
            if (Math.Max(forward, reverse) / Math.Min(forward, reverse) <= 1.5) continue;
            Assert.True(AD.ChooseMode(n, m) == (forward < reverse ? Mode.Forward : Mode.Reverse), $"n = {n}, m = {m}: forward {forward}x, reverse {reverse}x, Auto picks {AD.ChooseMode(n, m)}");
        }
    }

    // The fit the refit procedure uses, printed so a refit can read the new constants off the test output; the fitted
    // model must itself pick right on the table it came from.
    [Fact]
    public void Refit_from_the_measured_table()
    {
        var fit = CostModel.Fit(Measured);
        output.WriteLine($"fitted: ForwardPass {fit.ForwardPass:G3}, Record {fit.Record:G3}, BackwardSweep {fit.BackwardSweep:G3}; shipped: {CostModel.Default}");
        foreach (var (n, m, forward, reverse) in Measured)
            if (Math.Max(forward, reverse) / Math.Min(forward, reverse) > 1.5)
                Assert.Equal(forward < reverse ? Mode.Forward : Mode.Reverse, fit.Choose(n, m));
    }

    [Fact]
    public void Fit_recovers_a_model_from_its_own_predictions()
    {
        // On the grid (1% steps in log scale): 10^1.5 ≈ 31.6 and 10^-0.4 ≈ 0.398.
        var model = new CostModel(5, Math.Pow(10, 1.5), Math.Pow(10, -0.4));
        var rows = Measured.Select(r => (r.Inputs, r.Outputs, model.ForwardPass * ((r.Inputs + 7) / 8), model.Record + model.BackwardSweep * r.Outputs)).ToArray();
        var fit = CostModel.Fit(rows);
        Assert.Equal(model.ForwardPass, fit.ForwardPass, 9);
        Assert.Equal(model.Record, fit.Record, 6);
        Assert.Equal(model.BackwardSweep, fit.BackwardSweep, 6);
    }

    private sealed class WeightedSquares : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : System.Numerics.IFloatingPointIeee754<T>
        {
            var sum = T.Zero;
            for (var i = 0; i < x.Length; i++) sum += T.CreateChecked(i + 1) * x[i] * x[i];
            return sum;
        }
    }
}
