using DualGrad;

namespace ChainRule.Sections;

/// <summary>Section 4: f(x(z)) as a loss of z, minimised by gradient descent and SGD with momentum.</summary>
internal static class OptimiseZSection
{
    public static void Run(Context c)
    {
        c.Title(4, "Optimising z",
            "f(x(z)) as a loss of z from (1,-1): gradient descent 1e-3 for 1000 steps, SGD with momentum (lr 1e-4, 0.9) for 100.");
        var f = new PowellOfZ();

        c.Out.WriteLine("Gradient descent, step length 1e-3 (z after the step, f before it):");
        var gd = Run(c, f, new GradientDescent(1e-3), 1000, 100, out var gdPath);
        c.Out.WriteLine();
        c.Out.WriteLine("SGD with momentum 0.9, lr 1e-4 (z after the step, f before it):");
        var momentum = Run(c, f, new Momentum(1e-4, 0.9), 100, 10, out var momentumPath);

        c.Plot("z-trajectories.png", path =>
        {
            // f(x(z)) on a 200 x 200 grid, plain double evaluation of the same generic function.
            const int n = 200;
            var zs1 = Enumerable.Range(0, n).Select(i => -1.2 + 2.4 * i / (n - 1)).ToArray();
            var zs2 = Enumerable.Range(0, n).Select(i => -1.2 + 2.4 * i / (n - 1)).ToArray();
            var values = new double[n, n];
            for (var i = 0; i < n; i++)
                for (var k = 0; k < n; k++) values[i, k] = f.Invoke<double>([zs1[i], zs2[k]]);
            return Plots.Contours(path, "Contours of f(x(z)) (labels: log10 f) and the z trajectories", zs1, zs2, values,
            [
                ("gradient descent, lr 1e-3", [.. gdPath.Select(z => z[0])], [.. gdPath.Select(z => z[1])]),
                ("SGD momentum 0.9, lr 1e-4", [.. momentumPath.Select(z => z[0])], [.. momentumPath.Select(z => z[1])]),
            ]);
        });

        (c.Report.ZGd, c.Report.ZSgdMomentum) = (gd, momentum);
    }

    private static List<ZStep> Run(Context c, PowellOfZ f, IOptimizer optimizer, int steps, int every, out List<double[]> path)
    {
        var printed = new List<ZStep>();
        var visited = new List<double[]> { ChainSection.Z0 };
        AD.Minimize(f, ChainSection.Z0, optimizer, new MinimizeOptions { MaxIterations = steps }, s =>
        {
            visited.Add([.. s.Next]);
            if (s.Iteration % every != 0) return;
            printed.Add(new(s.Iteration, [.. s.Next], s.Value));
            c.Out.WriteLine($"step {s.Iteration,3}  z = {Fmt.V(s.Next, "F8")}  f = {Fmt.N(s.Value)}");
        });
        path = visited;
        return printed;
    }
}
