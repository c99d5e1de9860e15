// Lesson: the gradient is only useful once something walks downhill along it. These tests reproduce the notebook's
// optimisation cells (gradient descent with lr 1e-3; torch.optim.SGD with momentum 0.9) and check Adam against a
// computation by hand, plus each of Minimize's stopping rules.
namespace DualGrad.Properties.Facade;

public class OptimiserTests
{
    private static readonly double[] X0 = [3, -1, 0, 1];

    /// <summary>The same loop written out by hand with the hand gradient: the facade must agree to the last bit.</summary>
    private static double[] HandDescent(double[] x, int steps, double lr)
    {
        x = (double[])x.Clone();
        for (var k = 0; k < steps; k++)
        {
            var g = Powell.GradientByHand(x);
            for (var i = 0; i < x.Length; i++) x[i] -= lr * g[i];
        }
        return x;
    }

    [Fact]
    public void Gradient_descent_reproduces_the_notebook()
    {
        var lines = new List<IterationInfo>();
        var result = AD.Minimize(new Powell(), X0, new GradientDescent(1e-3), new MinimizeOptions { MaxIterations = 5 }, lines.Add);
        Assert.Equal(StopReason.MaxIterations, result.Reason);
        Assert.Equal(5, lines.Count);
        Assert.Equal(5, result.State.Iteration);
        // Step 1: x₁ = x₀ − 1e-3·[306, −144, −18, −310] = [2.694, −0.856, 0.018, 1.31]. The subtraction x − lr·g rounds
        // once per component, so compare to 1 ulp of the printed decimals (1e-15 absolute at this magnitude).
        double[] x1 = [2.694, -0.856, 0.018, 1.31];
        for (var i = 0; i < 4; i++) Assert.Equal(x1[i], lines[0].Next[i], 1e-15);
        Assert.Equal(215, lines[0].Value);
        // f(x₁) = 79.89811463936 as the notebook prints it (13 significant digits); float64 carries ~16.
        Assert.Equal(79.89811463936, lines[1].Value, 1e-10);
        // Every step's input is the previous step's output, and the path equals the hand loop exactly (same operations).
        for (var k = 1; k < 5; k++) Assert.Equal(lines[k - 1].Next, lines[k].Position);
        Assert.Equal(HandDescent(X0, 5, 1e-3), result.State.Position.ToArray());
        Assert.Equal(Powell.Value(result.State.Position.AsSpan()), result.Value);
        Assert.True(lines.Select(l => l.Value).Zip(lines.Skip(1).Select(l => l.Value)).All(p => p.Second < p.First), "f must decrease");
    }

    // The notebook's torch.optim.SGD(lr=1e-3, momentum=0.9) cell prints, for i % 10 == 0, x after step i (that is after
    // i + 1 steps) and f before it. Its "step 50" line is therefore the state after 51 steps.
    private static readonly double[][] MomentumPrints =
    [
        [2.694, -0.856, 0.018, 1.31, 215.0],
        [1.549712, -0.2964205, 0.73650396, 1.6820586, 11.441824913024902],
        [1.408362, -0.00583249, 0.57971793, 1.0532441, 6.6437225341796875],
        [0.6763986, -0.03913701, 0.24533094, 1.1681743, 5.709615707397461],
        [0.5996511, -0.13040473, 0.5036107, 0.53555894, 1.093517541885376],
        [0.59016085, -0.07009609, 0.31826916, 0.27739534, 0.27947038412094116],
        [0.5269876, -0.03624894, 0.12591662, 0.26216415, 0.16900770366191864],
        [0.45544916, -0.04479674, 0.13050896, 0.22580846, 0.08700942993164062],
        [0.399531, -0.04679754, 0.18029977, 0.18939461, 0.034884385764598846],
    ];

    [Fact]
    public void Sgd_with_momentum_reproduces_every_printed_line_of_the_notebook()
    {
        // PyTorch semantics: v₁ = g₁, vₖ = 0.9 vₖ₋₁ + gₖ, x ← x − 1e-3 v. The notebook ran in float32 (ε₃₂ = 1.2e-7):
        // its x differs from this float64 run by a few float32 ulps of |x| ≤ 1.7 (measured: at most 4.3e-7), so x is
        // compared to 1e-6 absolute; f is a sum of terms up to ~10² that partly cancel, so its float32 value carries
        // ~10 ε₃₂ relative error (measured 1.3e-6): compared to 1e-5 relative. A wrong momentum rule (e.g. dampening,
        // or v₁ = 0) moves x by more than 1e-3 within ten steps.
        var lines = new List<IterationInfo>();
        AD.Minimize(new Powell(), X0, new Momentum(1e-3, 0.9), new MinimizeOptions { MaxIterations = 81 }, lines.Add);
        for (var p = 0; p < MomentumPrints.Length; p++)
        {
            var line = lines[10 * p];
            for (var i = 0; i < 4; i++) Assert.Equal(MomentumPrints[p][i], line.Next[i], 1e-6);
            var f = MomentumPrints[p][4];
            Assert.True(Math.Abs(line.Value - f) <= 1e-5 * f, $"line {10 * p}: f = {line.Value:R}, notebook {f:R}");
        }
        // The brief's summary of the step-50 line: x ≈ [0.59016, −0.07010, 0.31827, 0.27739] (5 decimals).
        double[] step50 = [0.59016, -0.07010, 0.31827, 0.27739];
        for (var i = 0; i < 4; i++) Assert.Equal(step50[i], lines[50].Next[i], 1e-5);
    }

    [Fact]
    public void Momentum_first_step_is_plain_descent_and_second_adds_the_velocity()
    {
        var opt = new Momentum(0.1, 0.9);
        var s1 = opt.Step(OptimizerState.At([1.0, 2]), [10.0, -20]);
        Assert.Equal([10.0, -20], s1.Velocity.ToArray());        // v₁ = g (no 0.9·0 + (1−μ) g dampening)
        Assert.Equal([0.0, 4], s1.Position.ToArray());
        var s2 = opt.Step(s1, [1.0, 1]);
        Assert.Equal([0.9 * 10 + 1, 0.9 * -20 + 1], s2.Velocity.ToArray());
        Assert.Equal([0 - 0.1 * 10, 4 - 0.1 * -17], s2.Position.ToArray());
        Assert.Equal(2, s2.Iteration);
    }

    [Fact]
    public void Adam_matches_its_first_two_steps_by_hand()
    {
        const double lr = 1e-3, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        var adam = new Adam(lr, b1, b2, eps);
        var x = (double[])X0.Clone();
        var g1 = Powell.GradientByHand(x);
        var s1 = adam.Step(OptimizerState.At(x), g1);
        double[] m = new double[4], v = new double[4], x1 = new double[4], x2 = new double[4];
        for (var i = 0; i < 4; i++)
        {
            m[i] = (1 - b1) * g1[i];
            v[i] = (1 - b2) * g1[i] * g1[i];
            x1[i] = x[i] - lr * (m[i] / (1 - b1)) / (Math.Sqrt(v[i] / (1 - b2)) + eps);
            // The bias correction makes the first step lr·sign(g) (up to ε): about 1e-3 per coordinate.
            Assert.Equal(x[i] - lr * Math.Sign(g1[i]), s1.Position[i], 1e-12);
        }
        for (var i = 0; i < 4; i++) Assert.Equal(x1[i], s1.Position[i], 1e-15);
        var g2 = Powell.GradientByHand(x1);
        var s2 = adam.Step(s1, g2);
        for (var i = 0; i < 4; i++)
        {
            var m2 = b1 * m[i] + (1 - b1) * g2[i];
            var v2 = b2 * v[i] + (1 - b2) * g2[i] * g2[i];
            x2[i] = x1[i] - lr * (m2 / (1 - b1 * b1)) / (Math.Sqrt(v2 / (1 - b2 * b2)) + eps);
            Assert.Equal(m2, s2.Velocity[i], 1e-12);
            Assert.Equal(v2, s2.SecondMoment[i], 1e-9);
            Assert.Equal(x2[i], s2.Position[i], 1e-15);   // same formula, Math.Pow(β, 2) vs β·β: within an ulp
        }
        Assert.Equal(2, s2.Iteration);
        // Minimize with Adam takes the same path.
        var run = AD.Minimize(new Powell(), X0, adam, new MinimizeOptions { MaxIterations = 2 });
        for (var i = 0; i < 4; i++) Assert.Equal(x2[i], run.State.Position[i], 1e-15);
    }

    [Fact]
    public void Minimize_stops_on_the_gradient_norm_without_stepping()
    {
        // f = x² + y² from (1, 1) with lr 0.25: x halves each step, ‖∇f‖ = 2√2·2⁻ᵏ. ‖∇f‖ ≤ 0.1 first at k = 5 (0.088).
        var steps = 0;
        var r = AD.Minimize(new Squares(), [1.0, 1], new GradientDescent(0.25), new MinimizeOptions { GradientTolerance = 0.1 }, _ => steps++);
        Assert.Equal(StopReason.GradientNorm, r.Reason);
        Assert.Equal(5, steps);
        Assert.Equal([1.0 / 32, 1.0 / 32], r.State.Position.ToArray());
        // At the minimum itself no step is taken at all.
        var at = AD.Minimize(new Squares(), [0.0, 0], new GradientDescent(0.25), new MinimizeOptions { GradientTolerance = 1e-12 }, _ => steps = -100);
        Assert.Equal(StopReason.GradientNorm, at.Reason);
        Assert.Equal(5, steps);
    }

    [Fact]
    public void Minimize_stops_on_the_function_change()
    {
        // f = 2·4⁻ᵏ after k steps; |fₖ − fₖ₋₁| = 6·4⁻ᵏ ≤ 0.01 first for k = 5 (0.0059), seen at iteration 5.
        var steps = 0;
        var r = AD.Minimize(new Squares(), [1.0, 1], new GradientDescent(0.25), new MinimizeOptions { FunctionTolerance = 0.01 }, _ => steps++);
        Assert.Equal(StopReason.FunctionChange, r.Reason);
        Assert.Equal(5, steps);
        Assert.Equal(2.0 / 1024, r.Value);
    }

    [Fact]
    public void Minimize_stops_on_the_iteration_budget()
    {
        var r = AD.Minimize(new Squares(), [1.0, 1], new GradientDescent(0.25), new MinimizeOptions { MaxIterations = 3, GradientTolerance = 1e-30, FunctionTolerance = 1e-30 });
        Assert.Equal(StopReason.MaxIterations, r.Reason);
        Assert.Equal(3, r.State.Iteration);
        Assert.Equal(2.0 / 64, r.Value);
    }

    private sealed class Squares : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : System.Numerics.IFloatingPointIeee754<T> => x[0] * x[0] + x[1] * x[1];
    }
}
