using DualGrad;

namespace ChainRule.Sections;

/// <summary>Section 3: the chain rule through x(z), by a vector-Jacobian product and in one step.</summary>
internal static class ChainSection
{
    public static readonly double[] Z0 = [1, -1];

    public static void Run(Context c)
    {
        c.Title(3, "The chain rule through x(z)",
            "x(z) = (z1-z2, z1^2, z2^2, z1^2+z1 z2) at z = (1,-1): grad_z f = J^T grad_x f, in two steps (a VJP) and in one.");
        var f = new Powell();
        var xOfZ = new XOfZ();
        var x = AD.Evaluate(xOfZ, Z0);
        var (value, gradX) = AD.ValueAndGradient(f, x, Mode.Reverse);
        var j = AD.Jacobian(xOfZ, Z0, Mode.Forward);               // 4×2: J[i, k] = dx_i/dz_k
        var jReverse = AD.Jacobian(xOfZ, Z0, Mode.Reverse);
        var twoStep = AD.Vjp(xOfZ, Z0, gradX);                      // PyTorch's grad(x, z, grad_outputs = grad_x f)
        var oneStep = AD.Gradient(new PowellOfZ(), Z0, Mode.Reverse);
        var oneStepForward = AD.Gradient(new PowellOfZ(), Z0, Mode.Forward);

        // The notebook writes J with one row per z: row k holds dx_i/dz_k.
        double[][] rows = [.. Enumerable.Range(0, 2).Select(k => Enumerable.Range(0, 4).Select(i => j[i, k] + 0.0).ToArray())];   // + 0.0 turns -0 into 0
        string[] byHand = [.. Enumerable.Range(0, 2).Select(k =>
            $"df/dz{k + 1} = " + string.Concat(Enumerable.Range(0, 4).Select(i =>
                (i == 0 ? Fmt.N(gradX[i]) : gradX[i] < 0 ? $" - {Fmt.N(-gradX[i])}" : $" + {Fmt.N(gradX[i])}") + $"({Fmt.N(rows[k][i])})"))
            + $" = {Fmt.N(Enumerable.Range(0, 4).Sum(i => gradX[i] * rows[k][i]))}")];

        c.Out.WriteLine($"z = {Fmt.V(Z0)}");
        c.Out.WriteLine($"x(z) = {Fmt.V(x)}");
        c.Out.WriteLine($"f(x(z)) = {Fmt.N(value)}");
        c.Out.WriteLine($"grad_x f = {Fmt.V(gradX)}");
        c.Out.WriteLine($"J, rows d/dz1 and d/dz2, columns x1..x4 (forward mode; reverse mode {(Same(j, jReverse) ? "agrees" : "DIFFERS")}):");
        foreach (var row in rows) c.Out.WriteLine("  [" + string.Concat(row.Select(v => Fmt.N(v).PadLeft(5))) + " ]");
        c.Out.WriteLine($"grad_z f by two steps, J^T grad_x f (AD.Vjp with u = grad_x f): {Fmt.V(twoStep)}");
        c.Out.WriteLine($"grad_z f by one step, gradient of f(x(z)), reverse mode:        {Fmt.V(oneStep)}");
        c.Out.WriteLine($"grad_z f by one step, forward mode:                              {Fmt.V(oneStepForward)}");
        c.Out.WriteLine("By hand, df/dz_k = sum_i df/dx_i dx_i/dz_k:");
        foreach (var line in byHand) c.Out.WriteLine("  " + line);

        c.Report.Chain = new(Z0, x, value, gradX, rows, twoStep, oneStep, byHand);
    }

    private static bool Same(double[,] a, double[,] b) => a.Cast<double>().SequenceEqual(b.Cast<double>());
}
