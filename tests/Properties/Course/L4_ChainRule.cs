// Lesson 4 — the chain rule itself, multi-stage. For h = f∘g with g: ℝⁿ → ℝᵐ and f: ℝᵐ → ℝ,
// ∇h(x) = J_g(x)ᵀ ∇f(g(x)). The notebook computes grad_z of f(x(z)) twice: in two steps (grad_x f, then
// torch.autograd.grad(x, z, grad_outputs = grad_x f), a VJP) and in one step (backward through the composite); both give
// [710, −1126]. Here the same on random f and g, and J_{f∘g} = J_f·J_g as matrices.
// Tolerance: AdRounding over the nodes of both trees, scaled by Σⱼ|∂f/∂gⱼ||∂gⱼ/∂xᵢ| (the products being summed).
using CsCheck;
using DualGrad.Properties.Generators;
using static DualGrad.Properties.Course.Tolerances;

namespace DualGrad.Properties.Course;

public class L4_ChainRule
{
    /// <summary>f∘g with f over the m outputs of g.</summary>
    private sealed class Composite(Expr outer, Expr[] inner) : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : System.Numerics.IFloatingPointIeee754<T>
        {
            var y = new T[inner.Length];
            for (var j = 0; j < inner.Length; j++) y[j] = inner[j].Evaluate(x);
            return outer.Evaluate<T>(y);
        }
    }

    private static readonly Gen<(VectorCase G, Expr F)> Cases =
        ExpressionGen.VectorCases.SelectMany(g => Gen.Select(Gen.Const(g), ExpressionGen.Expression(g.F.Length)))
            .Where(t => ExpressionGen.Moderate(t.Item2, t.Item1.F.Select(e => e.Evaluate<double>(t.Item1.X)).ToArray()))   // f at y = g(x)
            .ByNodes(t => t.Item1.F.Sum(e => e.Nodes) + t.Item2.Nodes);

    [Fact]
    public void Two_step_vjp_equals_one_step_gradient_and_Jacobians_multiply() => Cases.Sample(t =>
    {
        var (g, f) = (new ExprVector(t.G.F), new ExprFunction(t.F));
        var x = t.G.X;
        var y = AD.Evaluate(g, x);
        var (fy, gradF) = AD.ValueAndGradient(f, y, Mode.Reverse);          // step 1: ∇f at g(x)
        var twoStep = AD.Vjp(g, x, gradF);                                  // step 2: J_gᵀ ∇f (grad_outputs)
        foreach (var mode in new[] { Mode.Forward, Mode.Reverse })
        {
            var oneStep = AD.Gradient(new Composite(t.F, t.G.F), x, mode);  // backward through the composite
            var jg = AD.Jacobian(g, x, mode);
            var jf = AD.Jacobian(new ExprVector([t.F]), y, mode);
            var nodes = t.F.Nodes + t.G.F.Sum(e => e.Nodes);
            for (var i = 0; i < x.Length; i++)
            {
                double product = 0, scale = Math.Abs(fy);
                for (var j = 0; j < y.Length; j++)
                {
                    product += jf[0, j] * jg[j, i];
                    scale += Math.Abs(jf[0, j] * jg[j, i]);
                }
                // Two trees compose here: the rounding of ∇f (relative to f's intermediate terms, not to |∂f/∂gⱼ|) is
                // multiplied by J_g and vice versa, and those intermediates are not observable. A soak of 3,000 cases
                // needed up to 2.6x the single-tree budget; 16x leaves room while a wrong partial is still off by O(1).
                var tol = 16 * AdRounding(nodes, scale);
                Close(oneStep[i], twoStep[i], tol, $"{mode}: one-step vs two-step ∂h/∂x{i}");
                Close(oneStep[i], product, tol, $"{mode}: ∂h/∂x{i} vs (J_f·J_g)[0,{i}]");
            }
        }
    }, iter: ExpressionGen.Iterations, print: t => $"g: {t.G}\n  f(y) = {t.F}");

    [Fact]
    public void The_notebook_chain_rule_example()
    {
        // x(z) = (z₁ − z₂, z₁², z₂², z₁² + z₁z₂) at z = (1, −1): x = (2, 1, 1, 0), f = 390, grad_x f = [344, 348, 226, −330],
        // grad_z f = [710, −1126]; small integers throughout, so exact.
        Expr z0 = new Var(0), z1 = new Var(1);
        Expr[] x =
        [
            new Binary(BinaryOp.Subtract, z0, z1), new Unary(UnaryOp.Square, z0), new Unary(UnaryOp.Square, z1),
            new Binary(BinaryOp.Add, new Unary(UnaryOp.Square, z0), new Binary(BinaryOp.Multiply, z0, z1)),
        ];
        var xz = AD.Evaluate(new ExprVector(x), [1.0, -1]);
        Assert.Equal([2.0, 1, 1, 0], xz);
        var powell = new DualGrad.Properties.Facade.Powell();
        var (f, gradX) = AD.ValueAndGradient(powell, xz);
        Assert.Equal(390, f);
        Assert.Equal([344.0, 348, 226, -330], gradX);
        Assert.Equal([710.0, -1126], AD.Vjp(new ExprVector(x), [1.0, -1], gradX));
    }
}
