// Lesson 2 — the derivative is a limit, and AD computes it exactly. The notebook checks autograd against
// (f(x + h) − f(x − h)) / 2h with h = 1e-3. In float64 the central difference D(h) errs by truncation ≈ h²|f'''|/6 plus
// rounding ≈ ε|f|/h. Richardson's R(h) = (4·D(h/2) − D(h))/3 cancels the h² term, leaving ≈ h⁴|f⁽⁵⁾|/480 plus rounding
// ≈ 3ε|f|/h; with h = ε^(1/5)·max(1, |xᵢ|) ≈ 7e-4 both are ≈ ε^(4/5) ≈ 3e-13 times the scale of f's derivatives.
// That scale is not known in advance: a random composition can oscillate fast (cosπ of a hypot of a square had
// |f⁽⁵⁾/f′| ≈ 10¹³ at x₀ ≈ 1.8, so h⁴|f⁽⁵⁾|/480 ≈ 7e-4 relative), and a fixed relative tolerance then fails on a correct
// derivative (a 10,000-case soak did). So the budget is measured, not guessed: R(h) − R(h/2) ≈ −(15/16)·h⁴f⁽⁵⁾/480,
// 15 times the truncation error of R(h/2), plus the rounding noise of both. The check is
//   |AD − R(h/2)| ≤ 1e-6·max(1, |f|, |R|) + 2·|R(h) − R(h/2)|,
// the floor being the ε^(4/5)·10⁶ allowance for rounding (f's own rounding can exceed ε|f| where terms cancel). Finite
// differences never call AD, so a wrong rule (off by O(1) relative) cannot widen its own budget. Where the measured
// spread is already 1 % of the scale, h·|f⁽⁵⁾/f′|^(1/4) ≳ 1 and the expansion in h no longer converges: finite
// differences cannot check that case at all. Such cases are counted, and the property fails if they exceed 1 % of the
// sample, so it cannot quietly stop testing.
using CsCheck;
using DualGrad.Properties.Generators;
using static DualGrad.Properties.Course.Tolerances;

namespace DualGrad.Properties.Course;

public class L2_CentralDifferences
{
    private static readonly double Step = Math.Pow(Eps, 0.2);

    internal static double Central(ExprFunction f, double[] x, int i, double h)
    {
        var xi = x[i];
        h = (xi + h) - xi;   // the step actually taken
        x[i] = xi + h;
        var up = f.Invoke<double>(x);
        x[i] = xi - h;
        var down = f.Invoke<double>(x);
        x[i] = xi;
        return (up - down) / (2 * h);
    }

    /// <summary>Richardson's estimate at h/2 and its measured error |R(h) − R(h/2)| (see the header).</summary>
    internal static (double Estimate, double Spread) Richardson(ExprFunction f, double[] x, int i)
    {
        var h = Step * Math.Max(1, Math.Abs(x[i]));
        double d1 = Central(f, x, i, h), d2 = Central(f, x, i, h / 2), d4 = Central(f, x, i, h / 4);
        double coarse = (4 * d2 - d1) / 3, fine = (4 * d4 - d2) / 3;
        return (fine, Math.Abs(fine - coarse));
    }

    [Fact]
    public void Both_modes_equal_Richardson_central_differences()
    {
        var uncheckable = new Uncheckable("Richardson vs AD");
        ExpressionGen.Cases.Sample(c =>
        {
            uncheckable.Case();
            var f = new ExprFunction(c.F);
            var (value, forward) = AD.ValueAndGradient(f, c.X, Mode.Forward);
            var reverse = AD.Gradient(f, c.X, Mode.Reverse);
            Finite(c, value);
            var x = (double[])c.X.Clone();
            for (var i = 0; i < c.N; i++)
            {
                var (numeric, spread) = Richardson(f, x, i);
                var scale = Math.Max(1, Math.Max(Math.Abs(value), Math.Abs(numeric)));
                if (spread > 1e-2 * scale) { uncheckable.Skip(); return; }
                var tol = 1e-6 * scale + 2 * spread;
                Close(numeric, forward[i], tol, $"forward ∂f/∂x{i} vs Richardson");
                Close(numeric, reverse[i], tol, $"reverse ∂f/∂x{i} vs Richardson");
            }
        }, iter: ExpressionGen.Iterations, print: c => c.ToString());
        uncheckable.AssertRare();
    }

    [Fact]
    public void The_error_of_plain_central_differences_follows_the_float64_model()
    {
        // The notebook's h = 1e-3 on its f: error ≈ h²|f'''|/6 (truncation, 8e-5 on ∂f/∂x₀). With h = 1e-7, rounding
        // ε|f|/h ≈ 2e-7 is comparable; at ε^(1/3) ≈ 6e-6 the two balance and the error is smallest (< 1e-7 here).
        var f = new ExprFunction(Powellish);
        double[] x = [3, -1, 0, 1];
        double Err(double h) => Math.Abs(Central(f, (double[])x.Clone(), 0, h) - 306);
        Assert.InRange(Err(1e-3), 5e-5, 1.2e-4);        // truncation: 40·6·1e-6/6·... measured 8e-5 (REFERENCE.md)
        Assert.True(Err(Math.Cbrt(Eps)) < 1e-6);
        Assert.True(Err(Math.Cbrt(Eps)) < Err(1e-3));
    }

    // (x0 + 10 x1)² + 5 (x2 − x3)² + (x1 + 2 x2)⁴ + 10 (x0 − x3)⁴ as an expression tree.
    private static readonly Expr Powellish = Sum(
        Sq(Sum(new Var(0), Mul(10, new Var(1)))),
        Mul(5, Sq(new Binary(BinaryOp.Subtract, new Var(2), new Var(3)))),
        Sq(Sq(Sum(new Var(1), Mul(2, new Var(2))))),
        Mul(10, Sq(Sq(new Binary(BinaryOp.Subtract, new Var(0), new Var(3))))));

    private static Expr Sum(params Expr[] e) => e.Aggregate((a, b) => new Binary(BinaryOp.Add, a, b));
    private static Expr Mul(double c, Expr e) => new Binary(BinaryOp.Multiply, new Const(c), e);
    private static Expr Sq(Expr e) => new Unary(UnaryOp.Square, e);

    [Fact]
    public void The_expression_tree_reproduces_the_notebook_gradient()
    {
        Assert.Equal(215, Powellish.Evaluate<double>([3.0, -1, 0, 1]));
        Assert.Equal([306.0, -144, -18, -310], AD.Gradient(new ExprFunction(Powellish), [3.0, -1, 0, 1], Mode.Reverse));
    }
}
