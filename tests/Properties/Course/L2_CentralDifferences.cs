// Lesson 2 — the derivative is a limit, and AD computes it exactly. The notebook checks autograd against
// (f(x + h) − f(x − h)) / 2h with h = 1e-3. In float64 the central difference errs by truncation ≈ h²|f'''|/6 plus
// rounding ≈ ε|f|/h. Richardson's (4·D(h/2) − D(h))/3 cancels the h² term, leaving ≈ h⁴|f⁽⁵⁾|/120 + 3ε|f|/h; with
// h = ε^(1/5)·max(1, |xᵢ|) ≈ 7e-4 both are ≈ ε^(4/5) ≈ 3e-13 times the scale of f's derivatives. Random compositions
// can have fifth derivatives 10⁴–10⁶ times larger than f (nested tanh/exp), so the tolerance is 1e-6 relative to
// max(1, |f|, |∂f/∂xᵢ|): still 10⁵ times tighter than any wrong rule (a wrong partial is off by O(1) relative).
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

    internal static double Richardson(ExprFunction f, double[] x, int i)
    {
        var h = Step * Math.Max(1, Math.Abs(x[i]));
        return (4 * Central(f, x, i, h / 2) - Central(f, x, i, h)) / 3;
    }

    [Fact]
    public void Both_modes_equal_Richardson_central_differences() => ExpressionGen.Cases.Sample(c =>
    {
        var f = new ExprFunction(c.F);
        var (value, forward) = AD.ValueAndGradient(f, c.X, Mode.Forward);
        var reverse = AD.Gradient(f, c.X, Mode.Reverse);
        Finite(c, value);
        var x = (double[])c.X.Clone();
        for (var i = 0; i < c.N; i++)
        {
            var numeric = Richardson(f, x, i);
            var tol = 1e-6 * Math.Max(1, Math.Max(Math.Abs(value), Math.Abs(numeric)));
            Close(numeric, forward[i], tol, $"forward ∂f/∂x{i} vs Richardson");
            Close(numeric, reverse[i], tol, $"reverse ∂f/∂x{i} vs Richardson");
        }
    }, iter: ExpressionGen.Iterations, print: c => c.ToString());

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
