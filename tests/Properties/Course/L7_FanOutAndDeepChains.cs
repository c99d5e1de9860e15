// Lesson 7 — the computational graph is a graph, not a tree. A node used k times (fan-out) must receive all k adjoint
// contributions and be visited once; a long chain must not overflow the stack or slow down superlinearly (REFERENCE.md:
// micrograd's double counting, PyTorch's overflow near 52k operations). The notebook's f uses x₁ and x₄ twice each.
using System.Diagnostics;
using System.Numerics;
using CsCheck;
using DualGrad.Properties.Generators;
using static DualGrad.Properties.Course.Tolerances;

namespace DualGrad.Properties.Course;

public class L7_FanOutAndDeepChains
{
    /// <summary>Σₖ e(x)·cₖ with the same tree object e evaluated k times (k shared uses of every node below).</summary>
    private sealed class FanOut(Expr e, int k) : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
        {
            var v = e.Evaluate(x);   // one node, used k times below
            var sum = T.Zero;
            for (var j = 1; j <= k; j++) sum += v * T.CreateChecked(j);
            return sum;
        }
    }

    [Fact]
    public void A_node_used_k_times_receives_k_contributions() =>
        Gen.Select(ExpressionGen.Cases, Gen.Int[1, 8]).ByNodes(t => t.Item1.F.Nodes).Sample(t =>
        {
            var (c, k) = t;
            var weight = k * (k + 1) / 2.0;   // Σ j
            foreach (var mode in new[] { Mode.Forward, Mode.Reverse })
            {
                var (value, g) = AD.ValueAndGradient(new ExprFunction(c.F), c.X, mode);
                var shared = AD.Gradient(new FanOut(c.F, k), c.X, mode);
                var tol = AdRounding(c.F.Nodes + 2 * k, weight * (1 + Math.Abs(value) + MaxAbs(g)));
                for (var i = 0; i < c.N; i++) Close(weight * g[i], shared[i], tol, $"{mode}: k = {k}, ∂/∂x{i}");
            }
        }, iter: ExpressionGen.Iterations, print: t => $"{t.Item1}\n  used k = {t.Item2} times");

    /// <summary>x_{k+1} = x_k·x_k + x_k, 60 times: each step uses x_k twice (exponential if visited per path).</summary>
    private sealed class Doubling(int steps) : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
        {
            var y = x[0];
            for (var k = 0; k < steps; k++) y = y * y + y;
            return y;
        }
    }

    [Fact]
    public void Shared_chain_of_60_steps_is_linear_and_exact()
    {
        // At x = −1: y₁ = 0, then 0 forever; dy/dx: d₁ = (2x + 1)·1 = −1, then dₖ₊₁ = (2·0 + 1)·dₖ = −1.
        // Visiting per path would take 2⁶⁰ steps; the test finishing at all shows each node is visited once.
        var sw = Stopwatch.StartNew();
        Assert.Equal([-1.0], AD.Gradient(new Doubling(60), [-1.0], Mode.Reverse));
        Assert.Equal([-1.0], AD.Gradient(new Doubling(60), [-1.0], Mode.Forward));
        // At x = −0.5: y = −0.25, then y² + y: the hand recurrence dₖ₊₁ = (2yₖ + 1)·dₖ, the same operations as forward mode.
        double y = -0.5, d = 1;
        for (var k = 0; k < 60; k++) { d = (2 * y + 1) * d; y = y * y + y; }
        Assert.Equal(d, AD.Gradient(new Doubling(60), [-0.5], Mode.Forward)[0], Math.Abs(d) * 1e-13);
        Assert.Equal(d, AD.Gradient(new Doubling(60), [-0.5], Mode.Reverse)[0], Math.Abs(d) * 1e-13);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"took {sw.Elapsed}");
    }

    /// <summary>y ← y + 1e-5·sin(y), n times: a chain whose derivative neither explodes nor underflows (≈ e^(n·1e-5·cos y)).</summary>
    private sealed class SlowChain(int steps) : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
        {
            T y = x[0], a = T.CreateChecked(1e-5);
            for (var k = 0; k < steps; k++) y += a * T.Sin(y);
            return y;
        }
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(100_000)]   // far past the ~14,000 steps where a recursive backpropagator overflows the default stack
    public void Deep_chains_agree_with_the_hand_recurrence_in_both_modes(int steps)
    {
        double y = 0.3, d = 1;
        for (var k = 0; k < steps; k++) { d *= 1 + 1e-5 * Math.Cos(y); y += 1e-5 * Math.Sin(y); }
        // Each step multiplies d by one rounded factor (and reverse mode sums the same factors in the other order), so
        // the relative error grows at most like steps·ε: allow 4·steps·ε relative.
        var tol = 4 * steps * Eps * Math.Abs(d);
        Assert.Equal(d, AD.Gradient(new SlowChain(steps), [0.3], Mode.Forward)[0], tol);
        Assert.Equal(d, AD.Gradient(new SlowChain(steps), [0.3], Mode.Reverse)[0], tol);
    }
}
