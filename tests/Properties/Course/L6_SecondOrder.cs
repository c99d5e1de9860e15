// Lesson 6 — second order and nesting: the chain rule applied to the chain rule. The Hessian is forward mode over
// reverse mode (a gradient computed on dual numbers); the second derivative along a direction is forward over forward.
// Three independent routes must agree: Hessian symmetry (∂²f/∂xᵢ∂xⱼ = ∂²f/∂xⱼ∂xᵢ, Schwarz), vᵀ(Hv) = d²/dt² f(x + tv)
// (forward over forward on Dual<Dual<double>>), and Hv = d/dt ∇f(x + tv) (Richardson differences of the gradient).
// Tolerances: symmetric entries and vᵀHv come from different association orders, so AdRounding applies with the scale
// of the Hessian; the difference quotient of the gradient uses lesson 2's measured budget (1e-6 relative plus the
// spread of two Richardson estimates).
using CsCheck;
using DualGrad.Forward;
using DualGrad.Properties.Generators;
using static DualGrad.Properties.Course.Tolerances;

namespace DualGrad.Properties.Course;

public class L6_SecondOrder
{
    private static readonly Gen<(Case C, double[] V)> Cases =
        ExpressionGen.Cases.SelectMany(c => Gen.Select(Gen.Const(c), ExpressionGen.Direction(c.N))).ByNodes(t => t.Item1.F.Nodes);

    private static double MaxAbs(double[,] h)
    {
        var m = 0.0;
        foreach (var e in h) m = Math.Max(m, Math.Abs(e));
        return m;
    }

    [Fact]
    public void Hessian_is_symmetric_and_agrees_with_forward_over_forward() => Cases.Sample(t =>
    {
        var (c, v) = t;
        var f = new ExprFunction(c.F);
        var h = AD.Hessian(f, c.X);
        var hv = AD.HessianVectorProduct(f, c.X, v);
        var value = f.Invoke<double>(c.X);
        Finite(c, value);
        var tol = 4 * AdRounding(c.F.Nodes, Math.Abs(value) + MaxAbs(h)) * c.F.Nodes;   // second order: errors of errors
        for (var i = 0; i < c.N; i++)
        {
            for (var j = 0; j < i; j++) Close(h[i, j], h[j, i], tol, $"H[{i},{j}] vs H[{j},{i}]");
            double row = 0;
            for (var j = 0; j < c.N; j++) row += h[i, j] * v[j];
            Close(row, hv[i], tol * (1 + c.N), $"(H·v)[{i}] vs HessianVectorProduct");
        }
        // vᵀHv by forward over forward: t ↦ f(x + t v) on Dual<Dual<double>>, second derivative at t = 0.
        var x = c.X;
        var second = AD.SecondDerivative(s =>
        {
            var p = new Dual<Dual<double>>[x.Length];
            for (var i = 0; i < x.Length; i++) p[i] = Dual<Dual<double>>.Constant(x[i]) + s * Dual<Dual<double>>.Constant(v[i]);
            return c.F.Evaluate<Dual<Dual<double>>>(p);
        }, 0.0);
        Close(Dot(v, hv), second, tol * (1 + c.N) * (1 + c.N), "vᵀHv vs d²/dt² f(x + tv)");
    }, iter: ExpressionGen.Iterations, print: t => $"{t.Item1}\n  v = [{string.Join(", ", t.Item2)}]");

    [Fact]
    public void Hessian_vector_product_is_the_directional_derivative_of_the_gradient()
    {
        var uncheckable = new Uncheckable("d/dt ∇f vs Hv");
        Cases.Sample(t =>
        {
            uncheckable.Case();
            var (c, v) = t;
            var f = new ExprFunction(c.F);
            var hv = AD.HessianVectorProduct(f, c.X, v);
            // Richardson on t ↦ ∇f(x + tv) with lesson 2's measured budget: R(h/2) is the estimate and
            // |R(h) − R(h/2)| its error (the difference quotient of an AD gradient: a wrong second-order rule changes
            // Hv, not the smoothness of ∇f, so it cannot widen its own budget).
            double[] Grad(double s) => AD.Gradient(f, c.X.Select((xi, i) => xi + s * v[i]).ToArray(), Mode.Reverse);
            var h = Math.Pow(Eps, 0.2);
            double[] a = Grad(h / 2), b = Grad(-h / 2), a2 = Grad(h), b2 = Grad(-h), a4 = Grad(h / 4), b4 = Grad(-h / 4);
            var g0 = AD.Gradient(f, c.X);
            for (var i = 0; i < c.N; i++)
            {
                double d1 = (a2[i] - b2[i]) / (2 * h), d2 = (a[i] - b[i]) / h, d4 = 2 * (a4[i] - b4[i]) / h;
                double coarse = (4 * d2 - d1) / 3, fine = (4 * d4 - d2) / 3, spread = Math.Abs(fine - coarse);
                var scale = Math.Max(1, Math.Max(Math.Abs(fine), Tolerances.MaxAbs(g0)));
                if (spread > 1e-2 * scale) { uncheckable.Skip(); return; }
                Close(fine, hv[i], 1e-6 * scale + 2 * spread, $"(Hv)[{i}] vs d/dt ∇f");
            }
        }, iter: ExpressionGen.Iterations, print: t => $"{t.Item1}\n  v = [{string.Join(", ", t.Item2)}]");
        uncheckable.AssertRare();
    }

    [Fact]
    public void Second_derivative_is_the_derivative_of_the_derivative() =>
        Gen.Select(ExpressionGen.Expression(1), Gen.Double[-2, 2]).Where(t => ExpressionGen.Moderate(t.Item1, [t.Item2]))
            .ByNodes(t => t.Item1.Nodes).Sample(t =>
        {
            var (e, x) = t;
            var f = new ExprFunction(e);
            var direct = AD.SecondDerivative(f, x);                         // forward over forward, one call
            var nested = AD.Derivative(xd =>                                // d/dx of (the derivative as a function)
                ForwardMode.Derivative<Dual<double>>(y => e.Evaluate<Dual<Dual<double>>>([y]), xd), x);
            var hessian = AD.Hessian(f, [x])[0, 0];                         // forward over reverse
            var tol = 4 * AdRounding(e.Nodes, Math.Abs(f.Invoke<double>([x])) + Math.Abs(direct)) * e.Nodes;
            Close(direct, nested, tol, "f'' vs (f')'");
            Close(direct, hessian, tol, "f'' vs H[0,0]");
        }, iter: ExpressionGen.Iterations, print: t => $"f(x) = {t.Item1} at x0 = {t.Item2:R}");
}
