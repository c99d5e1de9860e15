using System.Numerics;
using DualGrad;

namespace ChainRule.Sections;

/// <summary>Section 1: f(3, −1, 0, 1) and its gradient five ways, and why the notebook printed 305.9769.</summary>
internal static class PowellSection
{
    public static readonly double[] X0 = [3, -1, 0, 1];

    // What PyTorch printed (float32, 4 decimals) for the central differences with h = 1e-3.
    private static readonly double[] NotebookCentral = [305.9769, -143.9972, -18.0054, -309.9976];

    public static void Run(Context c)
    {
        c.Title(1, "Powell's function and its gradient",
            "f = (x1+10x2)^2 + 5(x3-x4)^2 + (x2+2x3)^4 + 10(x1-x4)^4 at x = (3,-1,0,1): forward and reverse mode, the hand formulas, central differences.");
        var f = new Powell();
        var (value, forward) = AD.ValueAndGradient(f, X0, Mode.Forward);
        var reverse = AD.Gradient(f, X0, Mode.Reverse);
        var hand = Powell.HandGradient(X0);
        const double h = 1e-3;
        var central64 = AD.NumericGradient(f, X0, step: h);
        var central32 = Central(f, X0.Select(v => (float)v).ToArray(), (float)h);

        c.Out.WriteLine($"x = {Fmt.V(X0)}");
        c.Out.WriteLine($"f(x) = {Fmt.N(value)}   (in float32: {Fmt.N(f.Invoke<float>(X0.Select(v => (float)v).ToArray()))})");
        c.Out.WriteLine();
        c.Out.WriteLine($"{"",4}{"forward",9}{"reverse",9}{"by hand",9}{"central float64",17}{"central float32",17}{"notebook",11}");
        for (var i = 0; i < X0.Length; i++)
            c.Out.WriteLine($"{"df/dx" + (i + 1),-6}{Fmt.N(forward[i]),7}{Fmt.N(reverse[i]),9}{Fmt.N(hand[i]),9}{Fmt.N(central64[i], "F6"),17}{Fmt.N(central32[i], "F4"),17}{Fmt.N(NotebookCentral[i], "F4"),11}");
        c.Out.WriteLine();
        c.Out.WriteLine("Central differences use h = 1e-3. In float64 their only error is truncation, h^2 f'''/6 (8e-5 for df/dx1).");
        c.Out.WriteLine("In float32, as PyTorch computed them, two roundings add up: x +- h is rounded (3 + 1e-3 is stored as 3.00099993,");
        c.Out.WriteLine("so the step taken is 0.007% short: -0.022 on df/dx1), and each f ~ 215 carries rounding errors of the order of its");
        c.Out.WriteLine("ulp, 1.5e-5, which dividing by 2h = 2e-3 turns into up to ~0.008. Rounding, not the formula, gave the notebook 305.9769.");

        // The error against h: truncation falls as h^2, rounding grows as eps/h, so the curve is a V.
        var hs = Enumerable.Range(0, 101).Select(k => Math.Pow(10, -10 + 0.1 * k)).ToArray();
        var error64 = hs.Select(s => MaxError(Central(f, X0, s), forward)).ToArray();
        var error32 = hs.Select(s => MaxError(Central(f, X0.Select(v => (float)v).ToArray(), (float)s), forward)).ToArray();
        var best64 = hs[Array.IndexOf(error64, error64.Min())];
        var best32 = hs[Array.IndexOf(error32, error32.Min())];
        c.Out.WriteLine($"Best h (largest error over the 4 partials, h from 1e-10 to 1): float64 {Fmt.N(best64, "0.0e0")} (error {Fmt.N(error64.Min(), "0.0e0")}), float32 {Fmt.N(best32, "0.0e0")} (error {Fmt.N(error32.Min(), "0.0e0")}).");
        c.Plot("central-difference-error.png", path => Plots.FiniteDifferenceError(path,
            [("float32", hs, error32, best32), ("float64", hs, error64, best64)]));

        var r = c.Report;
        (r.X, r.F, r.GradForward, r.GradReverse, r.GradHand) = (X0, value, forward, reverse, hand);
        (r.GradCentral, r.GradCentralFloat32, r.CentralStep) = (central64, central32.Select(v => (double)v).ToArray(), h);
        r.CentralBestStep = [new("float32", best32, error32.Min()), new("float64", best64, error64.Min())];
    }

    /// <summary>The notebook's central differences, (f(x + h eᵢ) − f(x − h eᵢ)) / 2h, every operation in T (float or double).</summary>
    public static T[] Central<T>(IScalarFunction f, T[] x, T h) where T : IFloatingPointIeee754<T>
    {
        var g = new T[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            T[] up = [.. x], down = [.. x];
            up[i] += h;
            down[i] -= h;
            g[i] = (f.Invoke<T>(up) - f.Invoke<T>(down)) / (T.CreateChecked(2) * h);
        }
        return g;
    }

    private static double MaxError<T>(T[] numeric, double[] exact) where T : IFloatingPointIeee754<T> =>
        numeric.Select((g, i) => Math.Abs(double.CreateChecked(g) - exact[i])).Max();
}
