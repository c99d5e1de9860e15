using DualGrad;
using DualGrad.Forward;

namespace ChainRule.Sections;

/// <summary>Section 5: the notebook's four mini-exercises.</summary>
internal static class ExercisesSection
{
    public static void Run(Context c)
    {
        c.Title(5, "The exercises",
            "sin(3x^2+1) by hand, both modes and numerically; sigmoid(u1 u2) through Jacobians; tanh inside; a reverse-mode trace.");
        c.Report.Exercises = new(Sin(c), Sigmoid(c), Tanh(c), Trace(c));
    }

    // Exercise 1: dy/dx = cos(3x^2+1) * 6x.
    private static SinRow[] Sin(Context c)
    {
        c.Out.WriteLine("Exercise 1: y = sin(3x^2 + 1), dy/dx = cos(3x^2 + 1) * 6x by hand.");
        c.Out.WriteLine($"{"x",6}{"by hand",16}{"forward",16}{"reverse",16}{"central diff.",16}");
        var f = new SinOfQuadratic();
        var rows = new List<SinRow>();
        foreach (var x in new[] { -1.0, 0.5, 1.0, 2.0 })
        {
            var hand = Math.Cos(3 * x * x + 1) * 6 * x;
            var forward = AD.Derivative(d => Dual<double>.Sin(3.0 * d * d + 1.0), x);   // a lambda on dual numbers
            var reverse = AD.Gradient(f, [x], Mode.Reverse)[0];
            var numeric = AD.NumericGradient(f, [x])[0];
            rows.Add(new(x, hand, forward, reverse, numeric));
            c.Out.WriteLine($"{Fmt.N(x),6}{Fmt.N(hand, "G12"),16}{Fmt.N(forward, "G12"),16}{Fmt.N(reverse, "G12"),16}{Fmt.N(numeric, "G12"),16}");
        }
        c.Out.WriteLine();
        return [.. rows];
    }

    // Exercise 2: y = sigmoid(u1 u2), u = W x + b. grad_x y = J_u^T grad_u y = W^T (sigmoid'(u1 u2) [u2, u1]).
    private static SigmoidReport Sigmoid(Context c)
    {
        double[,] w = { { 2, -1 }, { 1, 3 } };
        double[] b = [0.5, -1], x = [0.2, 0.4];
        var u = AD.Evaluate(new Affine(w, b), x);
        var ju = AD.Jacobian(new Affine(w, b), x);                           // = W
        var s = SigmoidOfAffine.Sigmoid(u[0] * u[1]);
        double[] gradU = [s * (1 - s) * u[1], s * (1 - s) * u[0]];            // sigmoid' = s (1 - s)
        double[] chained = [ju[0, 0] * gradU[0] + ju[1, 0] * gradU[1], ju[0, 1] * gradU[0] + ju[1, 1] * gradU[1]];
        var f = new SigmoidOfAffine(w, b);
        var forward = AD.Gradient(f, x, Mode.Forward);
        var reverse = AD.Gradient(f, x, Mode.Reverse);

        c.Out.WriteLine("Exercise 2: y = sigmoid(u1 u2) with u = W x + b, so grad_x y = J_u^T grad_u y = W^T sigmoid'(u1 u2) [u2, u1].");
        c.Out.WriteLine($"W = [{Fmt.V(Row(w, 0))}, {Fmt.V(Row(w, 1))}], b = {Fmt.V(b)}, x = {Fmt.V(x)}");
        c.Out.WriteLine($"u = W x + b = {Fmt.V(u)}, y = sigmoid(u1 u2) = {Fmt.N(s, "G12")}");
        c.Out.WriteLine($"J_u (AD.Jacobian of the affine map) = [{Fmt.V(Row(ju, 0))}, {Fmt.V(Row(ju, 1))}]  (= W)");
        c.Out.WriteLine($"grad_u y = sigmoid'(u1 u2) [u2, u1] = {Fmt.V(gradU, "G12")}");
        c.Out.WriteLine($"J_u^T grad_u y                      = {Fmt.V(chained, "G12")}");
        c.Out.WriteLine($"AD.Gradient, forward mode           = {Fmt.V(forward, "G12")}");
        c.Out.WriteLine($"AD.Gradient, reverse mode           = {Fmt.V(reverse, "G12")}");
        c.Out.WriteLine();
        return new([Row(w, 0), Row(w, 1)], b, x, u, [Row(ju, 0), Row(ju, 1)], gradU, chained, forward, reverse);
    }

    // Exercise 3: y = sin(3 tanh(x)^2 + 1): dy/dx = cos(3t^2 + 1) * 6t * (1 - t^2), t = tanh x. Vanishes where tanh saturates.
    private static TanhRow[] Tanh(Context c)
    {
        c.Out.WriteLine("Exercise 3: tanh as the inner function, y = sin(3 tanh(x)^2 + 1); dy/dx = cos(3t^2+1) 6t (1-t^2), t = tanh x.");
        c.Out.WriteLine($"{"x",6}{"y",12}{"dy/dx fwd",14}{"dy/dx rev",14}{"by hand",14}");
        var f = new SinOfTanh();
        TanhRow Row(double x)
        {
            var t = Math.Tanh(x);
            return new(x, f.Invoke<double>([x]), AD.Derivative(f, x), AD.Gradient(f, [x], Mode.Reverse)[0], Math.Cos(3 * t * t + 1) * 6 * t * (1 - t * t));
        }
        var rows = Enumerable.Range(0, 13).Select(k => Row(-3 + 0.5 * k)).ToArray();
        foreach (var r in rows)
            c.Out.WriteLine($"{Fmt.N(r.X),6}{Fmt.N(r.Y, "F6"),12}{Fmt.N(r.DydxForward, "F6"),14}{Fmt.N(r.DydxReverse, "F6"),14}{Fmt.N(r.DydxHand, "F6"),14}");
        c.Out.WriteLine("The slope fades beyond |x| = 2: tanh saturates, and its derivative 1 - t^2 multiplies everything after it.");
        var xs = Enumerable.Range(0, 401).Select(k => -4 + 0.02 * k).ToArray();
        c.Plot("tanh-exercise.png", path => Plots.TanhExercise(path, "y = sin(3 tanh(x)^2 + 1) and dy/dx (forward mode)", xs, [.. xs.Select(x => f.Invoke<double>([x]))], [.. xs.Select(x => AD.Derivative(f, x))]));
        c.Out.WriteLine();
        return rows;
    }

    // Exercise 4: reverse accumulation with the local partials printed, by the library's AD.Trace.
    private static TraceReport Trace(Context c)
    {
        double[] x = [2, 5];
        var trace = AD.Trace(new SmallGraph(), x);
        c.Out.WriteLine("Exercise 4: reverse accumulation on f(x0, x1) = ln(x0) + x0 x1 - sin(x1) at (2, 5), as AD.Trace prints it");
        c.Out.WriteLine("(output first; each node's adjoint is complete when its row prints, then flows to its parents times the local partials):");
        c.Out.WriteLine(trace.ToString());
        c.Out.WriteLine($"by hand: df/dx0 = 1/x0 + x1 = 5.5, df/dx1 = x0 - cos(x1) = {Fmt.N(2 - Math.Cos(5), "G10")}");
        return new(x, trace.Value, [.. trace.Gradient],
            [.. trace.Steps.Select(s => new TraceRow(s.Node, s.Operation, s.Value, [.. s.Parents], [.. s.LocalPartials], s.Adjoint))]);
    }

    private static double[] Row(double[,] m, int i) => [.. Enumerable.Range(0, m.GetLength(1)).Select(k => m[i, k])];
}
