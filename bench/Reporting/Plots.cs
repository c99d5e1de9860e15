using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace DualGrad.Bench.Reporting;

/// <summary>The report's PNG plots (ScottPlot 5). Log axes are drawn as log10 data with 10ᵏ tick labels (ScottPlot 5 has no log scale).</summary>
public static class Plots
{
    private const int Width = 900, Height = 600;
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Writes every plot the results allow; returns their paths.</summary>
    public static List<string> Write(Dictionary<string, Suite> suites, string dir)
    {
        var written = new List<string>();
        foreach (var (type, title, file) in new[]
        {
            ("GradientScalingRosenbrock", "Gradient of Rosenbrock: time per gradient vs n", "gradient-scaling-rosenbrock.png"),
            ("GradientScalingTranscendental", "Gradient of Σ sin(xᵢ)·exp(cos(xᵢ₊₁)): time per gradient vs n", "gradient-scaling-transcendental.png"),
        })
            if (suites.TryGetValue(type, out var s)) written.Add(Scaling(s, title, Path.Combine(dir, file),
                [("Plain", "plain double (value only)"), ("ForwardChunked", "forward, Chunk8"), ("ReverseReusedTape", "reverse, reused tape"), ("CentralDifferences", "central differences")], true));
        if (suites.TryGetValue("DeepChainBenchmarks", out var chain))
            written.Add(Scaling(chain, "Chain y = sin(y)·1.0001 + 0.1·y: time vs steps", Path.Combine(dir, "deep-chain.png"),
                [("Plain", "plain double"), ("Forward", "forward (Dual)"), ("ReverseReusedTape", "reverse, reused tape"), ("ReverseCompiled", "reverse, compiled recording")], false));
        if (suites.TryGetValue("RosenbrockReverseBenchmarks", out var rr))
            written.Add(Scaling(rr, "Rosenbrock reverse mode: time vs n", Path.Combine(dir, "rosenbrock-reverse.png"),
                [("Plain", "plain double"), ("Reverse", "reverse, fresh tape"), ("ReverseReusedTape", "reverse, reused tape"), ("Replay", "replayed recording"), ("Compiled", "compiled recording")], false));
        if (suites.TryGetValue("JacobianShapesBenchmarks", out var jac)) written.Add(JacobianMap(jac, Path.Combine(dir, "jacobian-shapes.png")));
        return written;
    }

    private static string Scaling(Suite s, string title, string path, (string Method, string Label)[] series, bool markCrossover)
    {
        Plot plot = new();
        foreach (var (method, label) in series)
        {
            var pts = s.Results.Where(r => r.Method == method && r.Param("N") is not null).OrderBy(r => r.Param("N")).ToList();
            if (pts.Count == 0) continue;
            var sc = plot.Add.Scatter(pts.Select(r => Math.Log10(r.Param("N")!.Value)).ToArray(), pts.Select(r => Math.Log10(r.Mean)).ToArray());
            sc.LegendText = label;
            sc.LineWidth = 2;
            sc.MarkerSize = 7;
            if (method == "Plain") sc.LinePattern = LinePattern.Dotted;
        }
        if (markCrossover && Report.Crossover(s) is { } n)
        {
            var line = plot.Add.VerticalLine(Math.Log10(n));
            line.LinePattern = LinePattern.Dashed;
            line.Color = Colors.Black;
            line.LegendText = $"crossover: reverse beats forward from n ≈ {n.ToString("N0", C)}";
        }
        LogAxis(plot, plot.Axes.Bottom, true);
        LogAxis(plot, plot.Axes.Left, false);
        plot.Title(title);
        plot.XLabel("n (log scale)");
        plot.YLabel("time per call (log scale)");
        plot.ShowLegend(Alignment.UpperLeft);
        return Save(plot, path);
    }

    // One cell per shape (n columns, m rows): blue where forward by columns wins, orange where reverse by rows wins,
    // stronger colour for a bigger factor; the label gives the winner and the factor. Grey: not measured (n·m > 10⁵).
    private static string JacobianMap(Suite s, string path)
    {
        int[] sizes = [1, 10, 100, 1000];
        Plot plot = new();
        for (var i = 0; i < sizes.Length; i++)
            for (var j = 0; j < sizes.Length; j++)
            {
                var p = $"N={sizes[i]}&M={sizes[j]}";
                var f = s.Get("ForwardColumns", p);
                var r = s.Get("ReverseRows", p);
                var rect = plot.Add.Rectangle(i, i + 1, j, j + 1);
                rect.LineColor = Colors.White;
                rect.LineWidth = 2;
                string label;
                if (f is null || r is null)
                {
                    rect.FillColor = Colors.LightGray;
                    label = "not run";
                }
                else
                {
                    var ratio = r.Mean / f.Mean;   // > 1: forward faster
                    var strength = Math.Min(1.0, Math.Abs(Math.Log10(ratio)) / 1.5);
                    rect.FillColor = (ratio >= 1 ? Colors.SteelBlue : Colors.DarkOrange).WithAlpha(0.15 + 0.85 * strength);
                    label = (ratio >= 1 ? $"forward\n{Report.Ratio(ratio)}" : $"reverse\n{Report.Ratio(1 / ratio)}") + $"\n{Report.Time(Math.Min(f.Mean, r.Mean))}";
                }
                label += $"\nAuto: {AD.ChooseMode(sizes[i], sizes[j])}";   // what the facade's Mode.Auto picks for this shape
                var text = plot.Add.Text(label, i + 0.5, j + 0.5);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontSize = 12;
            }
        var ticks = sizes.Select((n, k) => new Tick(k + 0.5, n.ToString("N0", C))).ToArray();
        plot.Axes.Bottom.TickGenerator = new NumericManual(ticks);
        plot.Axes.Left.TickGenerator = new NumericManual(ticks);
        plot.Axes.SetLimits(0, sizes.Length, 0, sizes.Length);
        plot.Grid.IsVisible = false;
        plot.Title("Jacobian m×n: faster mode, factor, best time, and what Mode.Auto picks");
        plot.XLabel("n inputs");
        plot.YLabel("m outputs");
        return Save(plot, path);
    }

    private static void LogAxis(Plot plot, IAxis axis, bool plainNumbers)
    {
        axis.TickGenerator = new NumericAutomatic
        {
            IntegerTicksOnly = true,
            MinorTickGenerator = new LogMinorTickGenerator(),
            LabelFormatter = k => plainNumbers ? Math.Pow(10, Math.Round(k)).ToString("N0", C) : NanosecondsLabel(Math.Round(k)),
        };
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.15);
        plot.Grid.MinorLineColor = Colors.Black.WithAlpha(0.05);
        plot.Grid.MinorLineWidth = 1;
    }

    private static string NanosecondsLabel(double log10Ns)
    {
        var ns = Math.Pow(10, log10Ns);
        return ns switch
        {
            < 1e3 => $"{ns.ToString("G3", C)} ns",
            < 1e6 => $"{(ns / 1e3).ToString("G3", C)} µs",
            < 1e9 => $"{(ns / 1e6).ToString("G3", C)} ms",
            _ => $"{(ns / 1e9).ToString("G3", C)} s",
        };
    }

    private static string Save(Plot plot, string path)
    {
        plot.SavePng(path, Width, Height);
        return path;
    }
}
