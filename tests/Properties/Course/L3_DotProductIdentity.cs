// Lesson 3 — the Jacobian form of the chain rule, seen from both sides. Forward mode computes J·v (a JVP), reverse
// mode uᵀJ (a VJP, PyTorch's grad_outputs in the notebook's two-step chain rule). They are transposes of one linear map,
// so ⟨u, J v⟩ = ⟨Jᵀu, v⟩ for every u and v (JAX's check_grads uses exactly this). Tolerance: both sides sum the same
// m·n products uᵢJᵢⱼvⱼ in a different order, each carrying AD rounding: AdRounding scaled by Σ|uᵢ||(Jv)ᵢ| + Σ|(Jᵀu)ⱼ||vⱼ|.
using CsCheck;
using DualGrad.Properties.Generators;
using static DualGrad.Properties.Course.Tolerances;

namespace DualGrad.Properties.Course;

public class L3_DotProductIdentity
{
    private static readonly Gen<(VectorCase Case, double[] U, double[] V)> Cases =
        ExpressionGen.VectorCases.SelectMany(c => Gen.Select(Gen.Const(c), ExpressionGen.Direction(c.F.Length), ExpressionGen.Direction(c.X.Length)))
            .ByNodes(t => t.Item1.F.Sum(e => e.Nodes));

    [Fact]
    public void Jvp_and_Vjp_are_transposes() => Cases.Sample(t =>
    {
        var f = new ExprVector(t.Case.F);
        var jv = AD.Jvp(f, t.Case.X, t.V);
        var jtu = AD.Vjp(f, t.Case.X, t.U);
        double lhs = Dot(t.U, jv), rhs = Dot(jtu, t.V);
        var scale = t.U.Zip(jv).Sum(p => Math.Abs(p.First * p.Second)) + jtu.Zip(t.V).Sum(p => Math.Abs(p.First * p.Second));
        var nodes = t.Case.F.Sum(e => e.Nodes);
        Close(lhs, rhs, AdRounding(nodes, scale), "⟨u, Jv⟩ vs ⟨Jᵀu, v⟩");
    }, iter: ExpressionGen.Iterations, print: t => $"{t.Case}\n  u = [{string.Join(", ", t.U)}]\n  v = [{string.Join(", ", t.V)}]");
}
