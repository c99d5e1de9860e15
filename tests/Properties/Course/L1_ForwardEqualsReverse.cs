// Lesson 1 — forward vs reverse accumulation. The chain rule for a composite f is a product of local Jacobians;
// forward mode multiplies it from the inputs (tangents, dual numbers), reverse mode from the output (adjoints, the
// tape). The notebook only shows reverse mode (f.backward()); this property says the two orders give the same gradient
// on any function, and the same JVPs and VJPs. Tolerance: Tolerances.AdRounding (same products, different association).
using CsCheck;
using DualGrad.Properties.Generators;
using static DualGrad.Properties.Course.Tolerances;

namespace DualGrad.Properties.Course;

public class L1_ForwardEqualsReverse
{
    [Fact]
    public void Gradients_agree() => ExpressionGen.Cases.Sample(c =>
    {
        var f = new ExprFunction(c.F);
        var (vf, gf) = AD.ValueAndGradient(f, c.X, Mode.Forward);
        var (vr, gr) = AD.ValueAndGradient(f, c.X, Mode.Reverse);
        Finite(c, vf);
        Assert.Equal(vf, vr);   // the value is the same double computation in both modes
        var tol = AdRounding(c.F.Nodes, Math.Abs(vf) + MaxAbs(gf));
        for (var i = 0; i < c.N; i++) Close(gf[i], gr[i], tol, $"∂f/∂x{i}");
    }, iter: ExpressionGen.Iterations, print: c => c.ToString());

    [Fact]
    public void Jacobians_agree_row_and_column_wise() => ExpressionGen.VectorCases.Sample(c =>
    {
        var f = new ExprVector(c.F);
        var jf = AD.Jacobian(f, c.X, Mode.Forward);
        var jr = AD.Jacobian(f, c.X, Mode.Reverse);
        var y = AD.Evaluate(f, c.X);
        for (var i = 0; i < c.F.Length; i++)
        {
            var row = Enumerable.Range(0, c.X.Length).Select(j => jf[i, j]).ToArray();
            var tol = AdRounding(c.F[i].Nodes, Math.Abs(y[i]) + MaxAbs(row));
            for (var j = 0; j < c.X.Length; j++) Close(jf[i, j], jr[i, j], tol, $"J[{i},{j}]");
        }
    }, iter: ExpressionGen.Iterations, print: c => c.ToString());
}
