// Lesson 5 — the rules a calculus course starts with, checked on random functions f and g rather than on x²:
// linearity ∇(af + bg) = a∇f + b∇g, the product rule ∇(fg) = f∇g + g∇f, the quotient rule
// ∇(f/q) = (q∇f − f∇q)/q² (q = 1 + g² > 0), and inverse functions (log∘exp, asinh∘sinh, atan∘tan, ... are the identity,
// so their gradient is the inner gradient). Tolerance: AdRounding over both trees, scaled by the terms combined.
using CsCheck;
using DualGrad.Properties.Generators;
using static DualGrad.Properties.Course.Tolerances;

namespace DualGrad.Properties.Course;

public class L5_DifferentiationRules
{
    private static readonly Gen<(Expr F, Expr G, double A, double B, double[] X)> Pairs =
        Gen.Int[1, 6].SelectMany(n => Gen.Select(ExpressionGen.Expression(n), ExpressionGen.Expression(n),
            ExpressionGen.Constant, ExpressionGen.Constant, ExpressionGen.Point(n)))
        .Where(t => ExpressionGen.Moderate(t.Item1, t.Item5) && ExpressionGen.Moderate(t.Item2, t.Item5))
        .ByNodes(t => t.Item1.Nodes + t.Item2.Nodes);

    private static string Show((Expr F, Expr G, double A, double B, double[] X) t) =>
        $"f = {t.F}\n  g = {t.G}\n  a = {t.A}, b = {t.B}\n  at x = [{string.Join(", ", t.X)}]";

    [Fact]
    public void Linearity_product_and_quotient_rules() => Pairs.Sample(t =>
    {
        var (ff, gf) = (new ExprFunction(t.F), new ExprFunction(t.G));
        var mode = t.X.Length % 2 == 0 ? Mode.Forward : Mode.Reverse;   // both modes across the sample
        var (f, df) = AD.ValueAndGradient(ff, t.X, mode);
        var (g, dg) = AD.ValueAndGradient(gf, t.X, mode);
        var nodes = t.F.Nodes + t.G.Nodes + 4;
        var lin = AD.Gradient(new ExprFunction(new Binary(BinaryOp.Add,
            new Binary(BinaryOp.Multiply, new Const(t.A), t.F), new Binary(BinaryOp.Multiply, new Const(t.B), t.G))), t.X, mode);
        var prod = AD.Gradient(new ExprFunction(new Binary(BinaryOp.Multiply, t.F, t.G)), t.X, mode);
        var quot = AD.Gradient(new ExprFunction(new Binary(BinaryOp.Divide, t.F, t.G)), t.X, mode);   // f / (1 + g²)
        var q = 1 + g * g;
        for (var i = 0; i < t.X.Length; i++)
        {
            var scale = (1 + Math.Abs(t.A) + Math.Abs(t.B)) * (1 + Math.Abs(f) + Math.Abs(g)) * (1 + Math.Abs(df[i]) + Math.Abs(dg[i]));
            var tol = AdRounding(nodes, scale);
            Close(t.A * df[i] + t.B * dg[i], lin[i], tol, $"linearity ∂/∂x{i}");
            Close(f * dg[i] + g * df[i], prod[i], tol, $"product rule ∂/∂x{i}");
            Close((q * df[i] - f * 2 * g * dg[i]) / (q * q), quot[i], tol, $"quotient rule ∂/∂x{i}");
        }
    }, iter: ExpressionGen.Iterations, print: Show);

    /// <summary>outer(inner(e)) = e on the stated domain.</summary>
    private sealed class Inverse(string name, Expr e) : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : System.Numerics.IFloatingPointIeee754<T>
        {
            var v = e.Evaluate(x);
            var s = T.Tanh(v);   // in (−1, 1), for the inverses defined on a bounded domain
            return name switch
            {
                "log∘exp" => T.Log(T.Exp(s)) - s + v,
                "exp∘log" => T.Exp(T.Log(T.One + v * v)) - v * v + v,
                "asinh∘sinh" => T.Asinh(T.Sinh(s + s)) - (s + s) + v,
                // On s ∈ (−1, 1), not on v: tanh(v) rounds to ±1 for |v| ≳ 19, where atanh is infinite.
                "atanh∘tanh" => T.Atanh(T.Tanh(s)) - s + v,
                "atan∘tan" => T.Atan(T.Tan(s)) - s + v,
                "asin∘sin" => T.Asin(T.Sin(s)) - s + v,
                "cbrt∘cube" => T.Cbrt((T.One + v * v) * (T.One + v * v) * (T.One + v * v)) - v * v + v,
                "sqrt∘square" => T.Sqrt((T.One + v * v) * (T.One + v * v)) - v * v + v,
                "log2∘exp2" => T.Log2(T.Exp2(s)) - s + v,
                _ => throw new ArgumentOutOfRangeException(nameof(name)),
            };
        }
    }

    private static readonly string[] InverseNames =
        ["log∘exp", "exp∘log", "asinh∘sinh", "atanh∘tanh", "atan∘tan", "asin∘sin", "cbrt∘cube", "sqrt∘square", "log2∘exp2"];

    [Fact]
    public void Inverse_functions_have_the_identity_as_derivative() =>
        Gen.Select(Gen.Int[0, InverseNames.Length - 1].Select(i => InverseNames[i]), ExpressionGen.Cases).ByNodes(t => t.Item2.F.Nodes).Sample(t =>
        {
            var (name, c) = t;
            foreach (var mode in new[] { Mode.Forward, Mode.Reverse })
            {
                var (value, inner) = AD.ValueAndGradient(new ExprFunction(c.F), c.X, mode);
                var outer = AD.Gradient(new Inverse(name, c.F), c.X, mode);
                // The composite rounds through two extra primitives whose partials multiply to 1 ± a few ε; near the
                // edge of a domain (|tanh| → 1, large v for sinh) they are ill-conditioned, up to ~1e3 ε, so allow
                // 1e-10 relative to the inner gradient's size.
                var tol = 1e-10 * (1 + Math.Abs(value) + MaxAbs(inner));
                for (var i = 0; i < c.N; i++)
                    if (name is "atanh∘tanh") Close(inner[i], outer[i], tol, $"{name}: ∂/∂x{i}");
                    else Close(inner[i], outer[i], tol * (1 + value * value), $"{name}: ∂/∂x{i}");
            }
        }, iter: ExpressionGen.Iterations, print: t => $"{t.Item1} of {t.Item2}");
}
