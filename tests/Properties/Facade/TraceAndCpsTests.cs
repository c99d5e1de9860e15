// Lesson: the computational graph. Reverse mode visits the graph from the output back to the inputs, multiplying each
// node's adjoint by its local partials; a node used twice (fan-out) receives the sum of both contributions. The CPS form
// is the same algorithm written with continuations (the backward pass is the continuations returning).
using System.Numerics;
using DualGrad.Reverse.Cps;

namespace DualGrad.Properties.Facade;

public class TraceAndCpsTests
{
    [Fact]
    public void Trace_of_sum_times_y_narrates_the_backward_pass()
    {
        // f = (x + y)·y at (2, 3): s = x + y = 5, f = s·y = 15.
        // Backward: f̄ = 1; s̄ = ∂f/∂s · f̄ = y = 3; ȳ gets ∂f/∂y = s = 5 from the product and ∂s/∂y · s̄ = 3 from the sum: 8;
        // x̄ = ∂s/∂x · s̄ = 3.
        var t = AD.Trace(new SumTimesY(), [2.0, 3.0]);
        Assert.Equal(15, t.Value);
        Assert.Equal([3.0, 8.0], t.Gradient.ToArray());
        var output = t.Steps[0];
        Assert.Equal("Multiply", output.Operation);
        Assert.Equal(15, output.Value);
        Assert.Equal(1, output.Adjoint);
        Assert.Equal([3.0, 5.0], output.LocalPartials.ToArray());     // ∂(s·y)/∂s = y, ∂(s·y)/∂y = s
        var sum = t.Steps.Single(s => s.Operation == "Add");
        Assert.Equal(5, sum.Value);
        Assert.Equal(3, sum.Adjoint);
        Assert.Equal([1.0, 1.0], sum.LocalPartials.ToArray());
        Assert.Equal([t.Inputs[0], t.Inputs[1]], sum.Parents.ToArray());
        Assert.Equal([sum.Node, t.Inputs[1]], output.Parents.ToArray());
        // The shared node y appears once, after both of its consumers, with both contributions summed.
        var y = t.Steps.Single(s => s.Node == t.Inputs[1]);
        Assert.Equal(8, y.Adjoint);
        Assert.Equal(1, t.Steps.Count(s => s.Node == t.Inputs[1]));
        Assert.True(t.Steps.IndexOf(y) > t.Steps.IndexOf(sum));
        Assert.Equal(3, t.Steps.Single(s => s.Node == t.Inputs[0]).Adjoint);
        var table = t.ToString();
        Assert.Contains("Multiply", table);
        Assert.Contains("adjoint", table);
        Assert.Contains("gradient: [3, 8]", table);
    }

    [Fact]
    public void Cps_equals_the_facade_on_small_functions()
    {
        // sin(x·y) + exp(x)/(1 + y²), written in CPS. Same rules, same order of multiplication: equal to the last bit
        // except for the sum of the two contributions to each input (order may differ): 1e-15 relative.
        double[] x = [0.7, -1.3];
        var (value, g) = Cps.Gradient(x, (v, k) =>
            Cps.Multiply(v[0], v[1], p =>
            Cps.Sin(p, s =>
            Cps.Exp(v[0], e =>
            Cps.Multiply(v[1], v[1], yy =>
            Cps.Add(Cps.Constant(1), yy, q =>
            Cps.Divide(e, q, d =>
            Cps.Add(s, d, k))))))));
        var (v2, g2) = AD.ValueAndGradient(new SinExp(), x, Mode.Reverse);
        Assert.Equal(v2, value, 1e-15);
        for (var i = 0; i < 2; i++) Assert.Equal(g2[i], g[i], 1e-14);
        // (x + y)·y: the fan-out case.
        var (v3, g3) = Cps.Gradient([2.0, 3.0], (v, k) => Cps.Add(v[0], v[1], s => Cps.Multiply(s, v[1], k)));
        Assert.Equal(15, v3);
        Assert.Equal(AD.Gradient(new SumTimesY(), [2.0, 3.0]), g3);
    }

    [Fact]
    public void Cps_refuses_deep_chains_instead_of_overflowing()
    {
        void Chain(CpsVar v, int left, Action<CpsVar> k)
        {
            if (left == 0) k(v);
            else Cps.Sin(v, w => Chain(w, left - 1, k));
        }
        Assert.Throws<InvalidOperationException>(() => Cps.Gradient([0.1], (v, k) => Chain(v[0], Cps.MaxDepth + 1, k)));
        var (_, g) = Cps.Gradient([0.1], (v, k) => Chain(v[0], 3, k));
        Assert.Equal(AD.Derivative(d => DualGrad.Forward.Dual<double>.Sin(DualGrad.Forward.Dual<double>.Sin(DualGrad.Forward.Dual<double>.Sin(d))), 0.1), g[0], 1e-15);
    }

    // Independent operations: sin x computed n times and never used, then the program ends with x itself. Every result
    // is one operation from the input, yet each operation's frame waits for the rest of the program: the stack grows
    // with n all the same. The limit counts waiting operations, so a million of them is refused, not a crashed process.
    private static void Unused(CpsVar x, int left, Action<CpsVar> k)
    {
        if (left == 0) k(x);
        else Cps.Sin(x, _ => Unused(x, left - 1, k));
    }

    [Fact]
    public void Cps_counts_independent_operations_too()
    {
        var (value, g) = Cps.Gradient([0.5], (v, k) => Unused(v[0], Cps.MaxDepth - 1, k));
        Assert.Equal((0.5, 1.0), (value, g[0]));   // the unused sines send 0 back: f(x) = x
        var e = Assert.Throws<InvalidOperationException>(() => Cps.Gradient([0.5], (v, k) => Unused(v[0], 1_000_000, k)));
        Assert.Contains("operations waiting at once", e.Message);
    }

    [Fact]
    public void Cps_refuses_before_a_small_stack_overflows()
    {
        // On a 256 KB thread (a frame chain of about 1,000 operations needs about 330 KB here) a program well within
        // MaxDepth must be refused by the stack check, not end the process. Operations on constants alone, which belong to
        // no gradient computation and so are not counted, meet the same check.
        Exception? caught = null;
        var thread = new Thread(() => caught = Record.Exception(() => Cps.Gradient([0.5], (v, k) => Unused(v[0], 1_000, k))), 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.Contains("stack is nearly exhausted", Assert.IsType<InvalidOperationException>(caught).Message);
        var constants = Record.Exception(() => Cps.Gradient([0.5], (v, k) => Constants(v[0], 10_000_000, k)));
        Assert.Contains("stack is nearly exhausted", Assert.IsType<InvalidOperationException>(constants).Message);
    }

    private static void Constants(CpsVar x, int left, Action<CpsVar> k)
    {
        if (left == 0) k(x);
        else Cps.Add(Cps.Constant(1), Cps.Constant(2), _ => Constants(x, left - 1, k));
    }
}

public class CheckGradientTests
{
    [Fact]
    public void CheckGradient_passes_on_Powell_and_prints_a_table()
    {
        var check = AD.CheckGradient(new Powell(), [3.0, -1, 0, 1]);
        Assert.True(check.Passed, check.ToString());
        Assert.Equal(215, check.Value);
        Assert.Equal(4, check.Rows.Length);
        Assert.Equal([306.0, -144, -18, -310], check.Rows.Select(r => r.Forward).ToArray());
        Assert.Equal([306.0, -144, -18, -310], check.Rows.Select(r => r.Reverse).ToArray());
        Assert.True(check.MaxError < 1e-8, check.ToString());
        var text = check.ToString();
        Assert.Contains("forward", text);
        Assert.Contains("reverse", text);
        Assert.Contains("PASSED", text);
        Assert.Equal(4 + 3, text.Split('\n').Length);   // f(x) line, header, 4 rows, verdict
    }

    private sealed class WithRule(Softsign rule) : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T> => DualGrad.Forward.CustomRule.Apply(rule, x[0] * x[1]) + x[1];
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(1.01)]   // a 1% error in the rule is still far above the 1e-6 tolerance
    public void CheckGradient_fails_on_a_wrong_custom_rule(double factor)
    {
        var check = AD.CheckGradient(new WithRule(new Softsign(factor)), [0.8, -1.1]);
        Assert.False(check.Passed, check.ToString());
        Assert.Contains("FAILED", check.ToString());
        Assert.True(AD.CheckGradient(new WithRule(new Softsign()), [0.8, -1.1]).Passed);
    }
}

public class ConcurrencyAndNestingTests
{
    [Fact]
    public async Task Eight_concurrent_gradients_are_exact()
    {
        // No static mutable state: 8 threads, each 200 gradients in both modes at its own point, compared with the hand
        // gradient (exact for these integer points).
        var tasks = Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var k = 0; k < 200; k++)
            {
                double[] x = [t - 3, k % 7 - 3, (t * k) % 5 - 2, 1];
                var expected = Powell.GradientByHand(x);
                Assert.Equal(expected, AD.Gradient(new Powell(), x, (k & 1) == 0 ? Mode.Forward : Mode.Reverse));
            }
        })).ToArray();
        await Task.WhenAll(tasks);
    }

    [Fact]
    public void Perturbation_confusion_through_the_facade()
    {
        // D(x ↦ x · D(y ↦ x + y)(1))(1) = 1 (Siskind & Pearlmutter 2005); an untagged implementation gives 2.
        // The outer derivative runs on Dual<double>; the inner one on Dual<Dual<double>>, into which x enters as a constant.
        var d = AD.Derivative(x => x * DualGrad.Forward.ForwardMode.Derivative<DualGrad.Forward.Dual<double>>(
            y => DualGrad.Forward.Dual<DualGrad.Forward.Dual<double>>.Constant(x) + y, 1.0), 1.0);
        Assert.Equal(1, d);
    }
}
