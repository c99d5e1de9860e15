using System.Globalization;
using ScottPlot;
using ScottPlot.Plottables;
using ScottPlot.TickGenerators;

namespace ChainRule;

/// <summary>
/// The walkthrough's figures. Each function takes plain arrays, writes one PNG and returns its full path,
/// so the walkthrough never touches ScottPlot and the plots can be checked on their own.
/// </summary>
internal static class Plots
{
    const int Width = 800, Height = 600;

    /// <summary>Plots y = f(x) and dy/dx on the same axes (the tanh exercise).</summary>
    /// <param name="path">PNG file to write; its folder is created if missing.</param>
    /// <param name="title">The plot's title.</param>
    /// <param name="xs">Sample points x.</param>
    /// <param name="y">f(x) at each x.</param>
    /// <param name="dydx">dy/dx at each x.</param>
    /// <returns>The full path of the file written.</returns>
    public static string TanhExercise(string path, string title, double[] xs, double[] y, double[] dydx)
    {
        Plot plot = new();
        plot.Add.ScatterLine(xs, y).LegendText = "y = f(x)";
        var d = plot.Add.ScatterLine(xs, dydx);
        d.LegendText = "dy/dx";
        d.LinePattern = LinePattern.Dashed; // tells the curves apart in greyscale too
        plot.Title(title);
        plot.XLabel("x");
        plot.YLabel("value");
        plot.ShowLegend(Alignment.UpperLeft);
        return Save(plot, path);
    }

    /// <summary>Plots loss against iteration, one line per series, on a log10 y axis.</summary>
    /// <param name="path">PNG file to write; its folder is created if missing.</param>
    /// <param name="series">Label and per-iteration loss of each run; iteration i is index i.
    /// Non-positive or non-finite losses have no logarithm and are skipped.</param>
    /// <returns>The full path of the file written.</returns>
    public static string LossCurves(string path, (string Label, double[] Loss)[] series)
    {
        Plot plot = new();
        foreach (var (label, loss) in series)
        {
            var (its, logs) = LogPoints(Enumerable.Range(0, loss.Length).Select(i => (double)i).ToArray(), loss, logX: false);
            plot.Add.ScatterLine(its, logs).LegendText = label;
        }
        LogAxis(plot, plot.Axes.Left);
        plot.Title("Loss during optimisation");
        plot.XLabel("iteration");
        plot.YLabel("loss (log scale)");
        if (series.Length > 1) plot.ShowLegend(Alignment.UpperRight);
        return Save(plot, path);
    }

    /// <summary>
    /// Draws contour lines of f(z1, z2) at log-spaced levels with optimisation trajectories over them.
    /// Uses ScottPlot's own ContourLines (marching squares on the grid) applied to log10 f: equal steps in
    /// log10 f are log-spaced levels of f, and interpolating the logarithm follows the steep walls better.
    /// </summary>
    /// <param name="path">PNG file to write; its folder is created if missing.</param>
    /// <param name="title">The plot's title.</param>
    /// <param name="zs1">Grid coordinates along the horizontal axis (z1), increasing.</param>
    /// <param name="zs2">Grid coordinates along the vertical axis (z2), increasing.</param>
    /// <param name="values">values[i, j] = f(zs1[i], zs2[j]), all positive ideally: zero, negative or NaN entries
    /// are clamped to the smallest positive value, +infinity to the largest finite one.</param>
    /// <param name="trajectories">Label and visited points of each optimiser run.</param>
    /// <returns>The full path of the file written.</returns>
    public static string Contours(string path, string title, double[] zs1, double[] zs2, double[,] values,
        (string Label, double[] Z1, double[] Z2)[] trajectories)
    {
        // log10 of the values; zeros (e.g. the exact minimum of a bowl) would be -inf, so clamp them to the floor.
        double floor = double.PositiveInfinity, top = double.NegativeInfinity;
        foreach (double v in values)
            if (v > 0 && double.IsFinite(v)) { floor = Math.Min(floor, Math.Log10(v)); top = Math.Max(top, Math.Log10(v)); }
        if (!double.IsFinite(floor)) throw new ArgumentException("values has no positive finite entry", nameof(values));

        // ScottPlot wants grid[row, column] = (x, y, z) with rows along y and columns along x.
        var grid = new Coordinates3d[zs2.Length, zs1.Length];
        for (int i = 0; i < zs1.Length; i++)
            for (int j = 0; j < zs2.Length; j++)
            {
                double v = values[i, j];
                double z = v > 0 && double.IsFinite(v) ? Math.Log10(v) : v > 0 ? top : floor;
                grid[j, i] = new Coordinates3d(zs1[i], zs2[j], z);
            }

        // Roughly a dozen levels at round steps of log10 f (a quarter, half, one or more decades apart).
        double step = new[] { 0.25, 0.5, 1, 2, 5 }.FirstOrDefault(s => (top - floor) / s <= 14, Math.Ceiling((top - floor) / 14));
        double[] levels = Enumerable.Range(0, (int)Math.Ceiling((top - floor) / step) + 2)
            .Select(k => (Math.Floor(floor / step) + k) * step)
            .Where(l => l > floor && l < top).ToArray();

        Plot plot = new();
        // ScottPlot labels every contour line, which piles numbers onto the tiny loops near a minimum. So the
        // lines are split: those longer than a tenth of the grid's diagonal carry labels, the rest are drawn bare.
        double sx = zs1[^1] - zs1[0], sy = zs2[^1] - zs2[0];
        bool IsLong(ContourLine line) => line.Path.Points.Zip(line.Path.Points.Skip(1),
            (a, b) => Math.Sqrt(Math.Pow((b.X - a.X) / sx, 2) + Math.Pow((b.Y - a.Y) / sy, 2))).Sum() >= 0.1 * Math.Sqrt(2);
        foreach (bool withLabels in new[] { false, true })
        {
            // Levels must be set before Update, which is where the lines are computed.
            ContourLines contours = new() { ContourLineLevels = levels, LineColor = Colors.Gray, LineWidth = 1 };
            contours.LabelStyle.IsVisible = withLabels;
            contours.LabelStyle.FontSize = 11;
            contours.LabelStyle.ForeColor = Colors.DimGray;
            contours.Update(grid);
            contours.Lines.RemoveAll(line => IsLong(line) != withLabels);
            plot.Add.Plottable(contours);
        }

        foreach (var (label, z1, z2) in trajectories.Where(t => t.Z1.Length > 0 && t.Z2.Length > 0))
        {
            var t = plot.Add.Scatter(z1, z2);
            t.LegendText = label;
            t.LineWidth = 2;
            t.MarkerSize = z1.Length > 100 ? 3 : 6; // long runs would be a solid band of big dots
            // A larger marker on the last point shows where the run ended.
            plot.Add.Marker(z1[^1], z2[^1], MarkerShape.FilledSquare, 11, t.Color);
        }

        plot.Title(title);
        plot.XLabel("z1");
        plot.YLabel("z2");
        plot.Axes.SetLimits(zs1[0], zs1[^1], zs2[0], zs2[^1]); // the grid, not the lines' extent
        if (trajectories.Length > 0) plot.ShowLegend(Alignment.UpperRight);
        return Save(plot, path);
    }

    /// <summary>
    /// Plots |error| of central differences against the step h on log-log axes, one line per precision,
    /// marking each series' best step with a star and a text label.
    /// </summary>
    /// <param name="path">PNG file to write; its folder is created if missing.</param>
    /// <param name="series">Label (e.g. "float32"), steps h, absolute errors at those steps, and the best h.
    /// Points with h or error not positive and finite are skipped (a zero error has no logarithm).</param>
    /// <returns>The full path of the file written.</returns>
    public static string FiniteDifferenceError(string path, (string Label, double[] H, double[] Error, double BestH)[] series)
    {
        Plot plot = new();
        foreach (var (label, h, error, bestH) in series)
        {
            var (lh, le) = LogPoints(h, error.Select(Math.Abs).ToArray(), logX: true);
            if (lh.Length == 0) continue;
            var s = plot.Add.Scatter(lh, le);
            s.LegendText = label;
            s.MarkerSize = 4;

            // Mark the plotted point nearest to bestH (in log space) so the star sits on the curve.
            double lb = Math.Log10(bestH);
            int k = Enumerable.Range(0, lh.Length).MinBy(i => Math.Abs(lh[i] - lb));
            plot.Add.Marker(lh[k], le[k], MarkerShape.FilledDiamond, 16, s.Color);
            var text = plot.Add.Text($"{label}: best h = {bestH.ToString("0.0e0", CultureInfo.InvariantCulture)}", lh[k], le[k]);
            text.LabelFontSize = 14;
            text.LabelFontColor = s.Color;
            text.LabelBackgroundColor = Colors.White.WithAlpha(0.8);
            text.LabelAlignment = Alignment.UpperCenter; // text hangs below the marker, clear of the V's arms
            text.OffsetY = 12;
        }
        LogAxis(plot, plot.Axes.Bottom);
        LogAxis(plot, plot.Axes.Left);
        plot.Title("Central difference error against step h");
        plot.XLabel("step h (log scale)");
        plot.YLabel("|error| (log scale)");
        // Lower right is empty for the usual V: the right arm (truncation error) rises with h.
        if (series.Length > 1) plot.ShowLegend(Alignment.LowerRight);
        return Save(plot, path);
    }

    /// <summary>Keeps the points whose values (and x, if logX) are positive and finite, as log10.</summary>
    static (double[] X, double[] Y) LogPoints(double[] x, double[] y, bool logX)
    {
        List<double> xs = [], ys = [];
        for (int i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            bool ok = y[i] > 0 && double.IsFinite(y[i]) && (!logX || (x[i] > 0 && double.IsFinite(x[i])));
            if (!ok) continue;
            xs.Add(logX ? Math.Log10(x[i]) : x[i]);
            ys.Add(Math.Log10(y[i]));
        }
        return (xs.ToArray(), ys.ToArray());
    }

    /// <summary>
    /// ScottPlot 5 has no log axis: the data are plotted as log10, so this axis puts major ticks on whole
    /// exponents labelled 10^k and minor ticks at 2..9 times each power, like a real log axis.
    /// </summary>
    static void LogAxis(Plot plot, IAxis axis)
    {
        axis.TickGenerator = new NumericAutomatic
        {
            IntegerTicksOnly = true, // only whole exponents: 10^-3, not 10^-2.5
            MinorTickGenerator = new LogMinorTickGenerator(),
            LabelFormatter = k => "10" + Superscript((int)Math.Round(k)),
        };
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.15);
        plot.Grid.MinorLineColor = Colors.Black.WithAlpha(0.05);
        plot.Grid.MinorLineWidth = 1;
    }

    /// <summary>Writes an integer with Unicode superscript characters (the default font has them).</summary>
    static string Superscript(int k) => string.Concat(k.ToString(CultureInfo.InvariantCulture).Select(c => c switch
    {
        '-' => '\u207B',
        '1' => '\u00B9',
        '2' => '\u00B2',
        '3' => '\u00B3',
        _ => (char)('\u2070' + (c - '0')),
    }));

    /// <summary>Saves at the standard size, creating the folder, and returns the full path.</summary>
    static string Save(Plot plot, string path)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        plot.SavePng(full, Width, Height);
        return full;
    }
}
