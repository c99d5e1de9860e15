using DualGrad;

namespace ChainRule.Sections;

/// <summary>Section 2: gradient descent and PyTorch's SGD with momentum on Powell's function.</summary>
internal static class OptimiseSection
{
    public static void Run(Context c)
    {
        c.Title(2, "Gradient descent and SGD with momentum",
            "Five steps x <- x - 1e-3 g printing x and g, then SGD with momentum 0.9 (lr 1e-3, PyTorch semantics) for 100 steps.");
        var f = new Powell();

        c.Out.WriteLine("Gradient descent, step length 1e-3 (x before the step, f and g at x):");
        var gd = new List<GdStep>();
        AD.Minimize(f, PowellSection.X0, new GradientDescent(1e-3), new MinimizeOptions { MaxIterations = 5 }, s =>
        {
            gd.Add(new(s.Iteration, [.. s.Position], [.. s.Gradient], s.Value));
            c.Out.WriteLine($"step {s.Iteration}  x = {Fmt.V(s.Position, "F4")}  f = {Fmt.N(s.Value)}  g = {Fmt.V(s.Gradient, "F4")}");
        });
        c.Out.WriteLine();

        c.Out.WriteLine("SGD with momentum 0.9, lr 1e-3: v <- 0.9 v + g (v = g at first), x <- x - lr v; x after the step, f before it:");
        var momentum = new List<MomentumStep>();
        var momentumLoss = new List<double>();
        AD.Minimize(f, PowellSection.X0, new Momentum(1e-3, 0.9), new MinimizeOptions { MaxIterations = 100 }, s =>
        {
            momentumLoss.Add(s.Value);
            if (s.Iteration % 10 != 0) return;
            momentum.Add(new(s.Iteration, [.. s.Next], s.Value));
            c.Out.WriteLine($"step {s.Iteration,2}  x = {Fmt.V(s.Next, "F8")}  f = {Fmt.N(s.Value)}");
        });

        // The loss curves compare both optimisers over the same 100 steps.
        var gdLoss = new List<double>();
        AD.Minimize(f, PowellSection.X0, new GradientDescent(1e-3), new MinimizeOptions { MaxIterations = 100 }, s => gdLoss.Add(s.Value));
        c.Out.WriteLine($"After 100 steps: f = {Fmt.N(gdLoss[^1])} by gradient descent, {Fmt.N(momentumLoss[^1])} with momentum.");
        c.Plot("loss-curves.png", path => Plots.LossCurves(path,
            [("gradient descent, lr 1e-3", [.. gdLoss]), ("SGD momentum 0.9, lr 1e-3", [.. momentumLoss])]));

        (c.Report.Gd, c.Report.SgdMomentum) = (gd, momentum);
    }
}
