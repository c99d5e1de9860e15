// Lesson: a recording can be run forwards too. Each step knows its local partials; push a direction v through them
// (the tangent of step i is Σ ∂i/∂parent · tangent of parent) and the output's tangent is ∇f·v, the directional
// derivative, exactly what a dual number carries. Forward mode on a tape is the same chain rule as the dual numbers,
// grouped the same way, so the answers here are compared bit for bit with them. Four directions in one sweep (one per
// lane of a 256-bit register) give four partial derivatives at once: the gradient in ⌈n/4⌉ sweeps.
using System.Numerics;
using CsCheck;
using DualGrad.Forward;
using DualGrad.Properties.Generators;
using DualGrad.Reverse;

namespace DualGrad.Properties.Reverse;

public sealed class TangentSweepTests
{
    private static readonly ScalarFunc<Var<double>> RosenbrockVar = ReverseTestFunctions.Rosenbrock;
    private static readonly ScalarFunc<Dual<double>> RosenbrockDual = ReverseTestFunctions.Rosenbrock;

    private static double[] Wavy(int n, double phase) => [.. Enumerable.Range(0, n).Select(i => 1.2 * Math.Sin(0.7 * i + phase))];

    // Equal as numbers: a zero's sign is not compared (the dual numbers add a constant's +0 tangent where the recording
    // has no term at all), NaN equals NaN.
    private static bool Same(double a, double b) => a == b || double.IsNaN(a) && double.IsNaN(b);

    // The course's random functions: the recording's tangent sweep, interpreted and compiled, against the dual numbers
    // (same rules, same partials, same sums). Functions with a custom step cannot be recorded for replay; they are
    // skipped, and the count checks that most cases were not.
    [Fact]
    public void Random_functions_tangent_sweeps_equal_the_dual_numbers()
    {
        var swept = 0;
        var total = 0;
        Gen.Select(ExpressionGen.Cases, Gen.Double[-2, 2].Array[6]).Sample(t =>
        {
            var (c, direction) = t;
            Interlocked.Increment(ref total);
            var f = new ExprFunction(c.F);
            Recording<double> recording;
            try { recording = Recording<double>.Record(f.Invoke, c.X); }
            catch (NotSupportedException) { return; }
            var v = direction[..c.N];
            var dual = ForwardMode.DirectionalDerivative(f.Invoke, c.X, v);
            var interpreted = recording.DirectionalDerivative(c.X, v);
            var compiled = recording.Compile().DirectionalDerivative(c.X, v);
            Assert.True(Same(dual.Value, interpreted.Value) && Same(dual.Value, compiled.Value), $"values: dual {dual.Value}, sweeps {interpreted.Value}, {compiled.Value}");
            Assert.True(Same(dual.Derivative, interpreted.Derivative), $"∇f·v: dual {dual.Derivative}, recording {interpreted.Derivative}");
            Assert.True(Same(dual.Derivative, compiled.Derivative), $"∇f·v: dual {dual.Derivative}, compiled {compiled.Derivative}");
            Interlocked.Increment(ref swept);
        }, iter: ExpressionGen.Iterations, print: t => $"{t.Item1}\n  v = [{string.Join(", ", t.Item2[..t.Item1.N])}]");
        Assert.True(swept > total / 2, $"only {swept} of {total} random functions could be recorded.");
    }

    // The benchmark's case (RosenbrockDirectionalBenchmarks): a thousand inputs, one rolled loop, and the same bits as
    // ForwardMode.DirectionalDerivative at every point.
    [Fact]
    public void Rosenbrock_compiled_directional_derivative_equals_the_dual_numbers()
    {
        var compiled = Recording<double>.Record(RosenbrockVar, Wavy(1000, 0)).Compile();
        var workspace = compiled.CreateWorkspace();
        for (var k = 0; k < 10; k++)
        {
            double[] x = Wavy(1000, 0.1 * k), v = Wavy(1000, 2 + k);
            var dual = ForwardMode.DirectionalDerivative(RosenbrockDual, x, v);
            Assert.Equal(dual, compiled.DirectionalDerivative(x, v, workspace));
        }
    }

    // Four directions a sweep: the gradient in ⌈n/4⌉ forward sweeps equals the dual numbers' chunked gradient (Chunk4,
    // the same four lanes and the same terms), bit for bit, for every n from 1 to 13 (full and partial last chunks),
    // and a workspace reused across calls starts every call from the first sweep's seeds.
    [Fact]
    public void Chunked_forward_gradient_equals_the_dual_numbers_chunked_gradient()
    {
        ScalarFunc<ChunkDual<Chunk4>> rosenbrock = ReverseTestFunctions.Rosenbrock;
        for (var n = 1; n <= 13; n++)
        {
            var compiled = Recording<double>.Record(RosenbrockVar, Wavy(n, 0)).Compile();
            var workspace = compiled.CreateWorkspace();
            for (var k = 0; k < 3; k++)
            {
                var x = Wavy(n, 0.4 * k + 0.1);
                double[] g = new double[n], dual = new double[n];
                Assert.Equal(ForwardMode.GradientChunked(rosenbrock, x, dual), compiled.GradientChunked(x, g, workspace));
                Assert.Equal(dual, g);
            }
        }
        // The notebook's function: one sweep, exact at integer points.
        var powell = Recording<double>.Record(DualGrad.Properties.Notebook.NotebookFunctions.Powell, [3.0, -1, 0, 1]).Compile();
        var gradient = new double[4];
        Assert.Equal(215, powell.GradientChunked([3.0, -1, 0, 1], gradient));
        Assert.Equal([306.0, -144, -18, -310], gradient);
    }

    // The course's random functions, four directions a sweep: the dual numbers' chunked gradient, as numbers.
    [Fact]
    public void Random_functions_chunked_forward_gradients_equal_the_dual_numbers()
    {
        var swept = 0;
        var total = 0;
        var direct = 0;
        ExpressionGen.Cases.Sample(c =>
        {
            Interlocked.Increment(ref total);
            var f = new ExprFunction(c.F);
            Recording<double> recording;
            try { recording = Recording<double>.Record(f.Invoke, c.X); }
            catch (NotSupportedException) { return; }
            double[] dual = new double[c.N], compiled = new double[c.N];
            var value = ForwardMode.GradientChunked<Chunk4>(f.Invoke, c.X, dual);
            var sweep = recording.Compile();
            Assert.True(Same(value, sweep.GradientChunked(c.X, compiled)), "value");
            for (var i = 0; i < c.N; i++) Assert.True(Same(dual[i], compiled[i]), $"∂/∂x{i}: dual {dual[i]}, compiled {compiled[i]}");
            Interlocked.Increment(ref swept);
            if (sweep.DirectChunk is not null) Interlocked.Increment(ref direct);
        }, iter: ExpressionGen.Iterations);
        Assert.True(swept > total / 2, $"only {swept} of {total} random functions could be recorded.");
        // Functions of one to four inputs (about two thirds) take the direct sweep; the rest, ⌈n/4⌉ sweeps.
        Assert.True(direct > swept / 4 && direct < swept, $"{direct} of {swept} random functions took the direct sweep.");
    }

    // Up to four inputs followed by one straight piece: the gradient is a single sweep that keeps every value and
    // tangent in locals, writes the seeds and the tangents of linear steps into the code as constants and uses no
    // workspace (KernelEmitter.EmitDirectChunk). The dual numbers' bits are expected, zeros' signs included.
    private static T Folded<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
    {
        var three = T.CreateTruncating(3.0);
        var minusHalf = T.CreateTruncating(-0.5);
        // Products by constants (one negative, one a negative zero), sums, differences and a negation: tangents known
        // before x is. Then products of two steps, whose tangents depend on x.
        var linear = -(three * x[0] - x[1] * T.NegativeZero) + minusHalf * (x[2] - x[0]);
        var other = x[1] / three - T.One;
        return linear * other + T.Sin(x[3] * x[2]);
    }

    [Fact]
    public void A_small_straight_recording_takes_its_gradient_in_one_direct_sweep()
    {
        var compiled = Recording<double>.Record(Folded<Var<double>>, [1.0, 2.0, 3.0, 4.0]).Compile();
        Assert.NotNull(compiled.DirectChunk);
        var points = new[] { new[] { 0.3, -1.2, 2.5, 0.7 }, [0.0, 0.0, 0.0, 0.0], [-0.0, 3.0, -0.0, -0.0], [1.0, 2.0, 3.0, 4.0] };
        foreach (var x in points)
        {
            double[] g = new double[4], dual = new double[4];
            var value = ForwardMode.GradientChunked<Chunk4>(Folded, x, dual);
            Assert.Equal(value, compiled.GradientChunked(x, g));
            for (var i = 0; i < 4; i++) Assert.True(dual[i].Equals(g[i]) && double.IsNegative(dual[i]) == double.IsNegative(g[i]), $"∂/∂x{i} at ({string.Join(", ", x)}): dual {dual[i]}, direct {g[i]}");
        }
        // Three inputs store three lanes; the fourth entry of a longer array is not the sweep's to write.
        var three = Recording<double>.Record(x => x[0] * x[1] - x[2], [1.0, 2.0, 3.0]).Compile();
        Assert.NotNull(three.DirectChunk);
        var gradient = new double[3];
        Assert.Equal(-1.0, three.GradientChunked([1.0, 2.0, 3.0], gradient));
        Assert.Equal([2.0, 1.0, -1.0], gradient);
        // Not direct: five inputs (two sweeps), a rolled loop, a variable made inside f (read from the values).
        Assert.Null(Recording<double>.Record(x => x[0] * x[1] * x[2] * x[3] * x[4], [1.0, 2, 3, 4, 5]).Compile().DirectChunk);
        var looped = Recording<double>.Record(Recurrence, [0.5, 0.25]).Compile();
        Assert.True(looped.Loops > 0 && looped.DirectChunk is null);
        double[] loopGradient = new double[2], loopDual = new double[2];
        Assert.Equal(ForwardMode.GradientChunked<Chunk4>(Recurrence, [0.5, 0.25], loopDual), looped.GradientChunked([0.5, 0.25], loopGradient));
        Assert.Equal(loopDual, loopGradient);
        var leaf = Recording<double>.Record(x => x[0] * x[0].Tape!.Variable(3.0), [2.0]).Compile();
        Assert.Null(leaf.DirectChunk);
        var leafGradient = new double[1];
        Assert.Equal(15.0, leaf.GradientChunked([5.0], leafGradient));
        Assert.Equal(3.0, leafGradient[0]);
    }

    // One compiled recording, eight threads, no workspaces: the direct sweep keeps nothing between calls.
    [Fact]
    public void Threads_share_one_direct_sweep()
    {
        var compiled = Recording<double>.Record(Folded<Var<double>>, [1.0, 2.0, 3.0, 4.0]).Compile();
        Assert.NotNull(compiled.DirectChunk);
        var failures = 0;
        Parallel.For(0, 8, t =>
        {
            double[] g = new double[4], dual = new double[4];
            for (var k = 0; k < 500; k++)
            {
                var x = Wavy(4, t + 0.01 * k);
                if (compiled.GradientChunked(x, g) != ForwardMode.GradientChunked<Chunk4>(Folded, x, dual) || !g.SequenceEqual(dual)) Interlocked.Increment(ref failures);
            }
        });
        Assert.Equal(0, failures);
    }

    // s ← s·x₁ + x₀, twenty times: a loop once rerolled.
    private static T Recurrence<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
    {
        var s = x[0];
        for (var i = 0; i < 20; i++) s = s * x[1] + x[0];
        return s;
    }

    [Fact]
    public void A_direct_sweep_needs_no_workspace_and_allocates_nothing()
    {
        var powell = Recording<double>.Record(DualGrad.Properties.Notebook.NotebookFunctions.Powell, [3.0, -1, 0, 1]).Compile();
        double[] x = [3.0, -1, 0, 1], g = new double[4];
        powell.GradientChunked(x, g);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) powell.GradientChunked(x, g);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // As in the test above: a workspace made per call would be hundreds of bytes times 1,000 calls.
        Assert.True(allocated < 1024, $"1000 direct chunked gradients allocated {allocated} bytes.");
        Assert.Equal([306.0, -144, -18, -310], g);
    }

    // A square is recorded with one parent and the partial 2x (for the reverse sweep); forward, its tangent is x·t + x·t,
    // as the dual numbers' product forms it (ReplayStep.TangentAsProduct). The two differ where x·t is subnormal or 2x
    // overflows: a 10,000-case soak found the first, a square of a number near 10⁻¹⁸⁸. Each case here tells them apart.
    private static T SquarePlus<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T> => x[0] * x[0] + x[1];

    private static T ScaledSquare<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
    {
        var u = T.CreateTruncating(1e-150) * x[0];
        return u * u + x[1];
    }

    [Fact]
    public void A_square_pushes_its_tangent_as_the_dual_numbers_product_does()
    {
        var recording = Recording<double>.Record(SquarePlus<Var<double>>, [1.0, 1.0]);
        var compiled = recording.Compile();
        foreach (var (x, t) in new[] { (1.1343642441124011e-160, 1.8474337369372326e-150), (1e308, 0.25) })
        {
            Assert.NotEqual((x + x) * t, x * t + x * t);
            var dual = ForwardMode.DirectionalDerivative(SquarePlus<Dual<double>>, [x, 0.0], [t, 0.0]);
            Assert.Equal(dual, recording.DirectionalDerivative([x, 0.0], [t, 0.0]));
            Assert.Equal(dual, compiled.DirectionalDerivative([x, 0.0], [t, 0.0]));
            Assert.Equal(dual, recording.Compile(maxCompiledSteps: 0).DirectionalDerivative([x, 0.0], [t, 0.0]));   // interpreted pieces
        }
        // Four directions: lane 0's tangent reaches the square as 10⁻¹⁵⁰, and u·10⁻¹⁵⁰ is subnormal.
        var scaled = Recording<double>.Record(ScaledSquare<Var<double>>, [1.0, 1.0]).Compile();
        double[] point = [1.0565513677268088e-10, 0.0], g = new double[2], chunk = new double[2];
        var u = 1e-150 * point[0];
        Assert.NotEqual((u + u) * 1e-150, u * 1e-150 + u * 1e-150);
        var value = ForwardMode.GradientChunked<Chunk4>(ScaledSquare, point, chunk);
        foreach (var sweep in new[] { scaled, Recording<double>.Record(ScaledSquare<Var<double>>, [1.0, 1.0]).Compile(maxCompiledSteps: 0) })
        {
            Assert.Equal(value, sweep.GradientChunked(point, g));
            Assert.Equal(chunk, g);
        }
    }

    // s ← s² ten times: a rolled loop whose square reads the previous iteration of its own column, from a local the
    // generated code overwrites with the new value (a 3,000-case soak of the random loop bodies found it read too late).
    private static T RepeatedSquares<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
    {
        var s = x[0];
        for (var i = 0; i < 10; i++) s *= s;
        return s + x[1];
    }

    [Fact]
    public void A_square_of_the_previous_iteration_reads_its_value_before_it_is_overwritten()
    {
        var compiled = Recording<double>.Record(RepeatedSquares<Var<double>>, [1.001, 0.5]).Compile();
        Assert.True(compiled.Loops > 0);
        double[] x = [0.999, -2.0], v = [0.75, 1.0];
        Assert.Equal(ForwardMode.DirectionalDerivative(RepeatedSquares<Dual<double>>, x, v), compiled.DirectionalDerivative(x, v));
        double[] g = new double[2], dual = new double[2];
        Assert.Equal(ForwardMode.GradientChunked<Chunk4>(RepeatedSquares, x, dual), compiled.GradientChunked(x, g));
        Assert.Equal(dual, g);
    }

    // The generated code multiplies tangents without the masks. Where a mask matters (0·∞) its result is NaN, and where
    // it could only change a zero's sign the result is zero: both are taken again through the masked sweep.
    [Fact]
    public void NaN_and_zero_results_are_taken_again_with_the_masks()
    {
        // √x₀ at 0 has an infinite partial; with v₀ = 0 the masked term is 0, the unmasked one 0·∞ = NaN.
        var root = Recording<double>.Record(x => Var<double>.Sqrt(x[0]) + x[1], [1.0, 1.0]).Compile();
        Assert.Equal((4.0, 1.0), root.DirectionalDerivative([0.0, 4.0], [0.0, 1.0]));
        Assert.Equal(ForwardMode.DirectionalDerivative(x => Dual<double>.Sqrt(x[0]) + x[1], [0.0, 4.0], [0.0, 1.0]), root.DirectionalDerivative([0.0, 4.0], [0.0, 1.0]));
        // A stationary point: (x₀ − 1)² at 1, and a direction across the only input: zero, with the masked sweep's sign.
        var bowl = Recording<double>.Record(x => (x[0] - 1.0) * (x[0] - 1.0) + x[1], [0.0, 0.0]);
        foreach (var v in new[] { new[] { 1.0, 0.0 }, [-1.0, -0.0] })
        {
            var (value, derivative) = bowl.Compile().DirectionalDerivative([1.0, 0.0], v);
            var masked = bowl.DirectionalDerivative([1.0, 0.0], v);
            Assert.Equal(masked.Value, value);
            Assert.Equal(0.0, derivative);
            Assert.Equal(double.IsNegative(masked.Derivative), double.IsNegative(derivative));
        }
        // Four directions at once: the same retake for the NaN lane only.
        var g = new double[2];
        Assert.Equal(4.0, root.GradientChunked([0.0, 4.0], g));
        Assert.True(double.IsPositiveInfinity(g[0]), $"∂/∂x₀ of √x₀ at 0: {g[0]}");
        Assert.Equal(1.0, g[1]);
        // A NaN that the masks keep: it stays NaN.
        var log = Recording<double>.Record(x => Var<double>.Log(x[0]), [1.0]).Compile();
        Assert.True(double.IsNaN(log.DirectionalDerivative([-1.0], [1.0]).Derivative));
    }

    // A running value a that the next iteration reads twice: once first thing (through the loop's carried local) and
    // once after it has made its own a (from the array). The generated code may keep a running value in a local only,
    // storing the last one after the loop, when nothing else reads it; here it must store it at every iteration.
    [Fact]
    public void A_running_value_read_twice_by_the_next_iteration()
    {
        static T TwoReads<T>(ReadOnlySpan<T> x) where T : System.Numerics.IFloatingPointIeee754<T>
        {
            T a = x[0], b = x[1], decay = T.CreateTruncating(0.9);
            for (var k = 0; k < 20; k++)
            {
                var previous = a;
                a = a * decay + x[1];
                b += a * previous;
            }
            return a + b;
        }
        var recording = Recording<double>.Record(TwoReads, [0.5, 0.25]);
        foreach (var budget in new[] { 0, 3, CompiledRecording<double>.DefaultMaxCompiledSteps })
        {
            var compiled = recording.Compile(budget);
            Assert.True(budget == 0 || compiled.Loops > 0, "the twenty iterations should roll up into a loop.");
            foreach (var (x, v) in new[] { (new[] { 0.5, 0.25 }, new[] { 1.0, 0.0 }), ([-0.3, 0.7], [0.0, 1.0]), ([1.1, -0.2], [0.6, -0.8]) })
                Assert.Equal(ForwardMode.DirectionalDerivative(TwoReads, x, v), compiled.DirectionalDerivative(x, v));
        }
    }

    [Fact]
    public void Constant_outputs_inputs_as_outputs_and_leaves_made_inside_f()
    {
        var constant = Recording<double>.Record(x => 3.0, [1.0]);
        Assert.Equal((3.0, 0.0), constant.DirectionalDerivative([5.0], [1.0]));
        Assert.Equal((3.0, 0.0), constant.Compile().DirectionalDerivative([5.0], [1.0]));
        var input = Recording<double>.Record(x => x[1], [1.0, 2.0]);
        Assert.Equal((7.0, -2.0), input.Compile().DirectionalDerivative([6.0, 7.0], [5.0, -2.0]));
        Assert.Equal((7.0, -2.0), input.DirectionalDerivative([6.0, 7.0], [5.0, -2.0]));
        // Four directions: the output's lanes are its own seed, e₁, on the general path (an input output is not direct);
        // six inputs, so the seeds move to a second sweep and back.
        var g = new double[2];
        Assert.Equal(7.0, input.Compile().GradientChunked([6.0, 7.0], g));
        Assert.Equal([0.0, 1.0], g);
        var sixth = Recording<double>.Record(x => x[5], [1.0, 2, 3, 4, 5, 6]).Compile();
        var g6 = new double[6];
        var shared = sixth.CreateWorkspace();   // twice on one workspace: the seeds are moved back after each call
        for (var call = 0; call < 2; call++)
        {
            Assert.Equal(-6.0, sixth.GradientChunked([1.0, 2, 3, 4, 5, -6], g6, shared));
            Assert.Equal([0.0, 0, 0, 0, 0, 1], g6);
        }
    }

    [Fact]
    public void A_reused_workspace_allocates_nothing()
    {
        var compiled = Recording<double>.Record(RosenbrockVar, Wavy(30, 0)).Compile();
        var workspace = compiled.CreateWorkspace();
        double[] x = Wavy(30, 1), v = Wavy(30, 2);
        var g = new double[30];
        compiled.DirectionalDerivative(x, v, workspace);   // the first calls make the workspace's tangents
        compiled.GradientChunked(x, g, workspace);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            compiled.DirectionalDerivative(x, v, workspace);
            compiled.GradientChunked(x, g, workspace);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // 1 KB leaves room for the runtime's own one-off allocations on this thread (tiering up the callers); anything
        // the calls allocated would be at least 24 B (an array's header) times 2,000 calls.
        Assert.True(allocated < 1024, $"1000 tangent sweeps and chunked gradients with one workspace allocated {allocated} bytes.");
    }

    [Fact]
    public void Tangent_sweeps_check_their_arguments()
    {
        var recording = Recording<double>.Record(x => x[0] * x[1], [1.0, 2.0]);
        var compiled = recording.Compile();
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => compiled.DirectionalDerivative([1.0], [1.0, 2.0])).ParamName);
        Assert.Equal("v", Assert.Throws<ArgumentException>(() => compiled.DirectionalDerivative([1.0, 2.0], [1.0])).ParamName);
        Assert.Equal("v", Assert.Throws<ArgumentException>(() => recording.DirectionalDerivative([1.0, 2.0], [1.0, 2.0, 3.0])).ParamName);
        Assert.Equal("workspace", Assert.Throws<ArgumentException>(() => compiled.DirectionalDerivative([1.0, 2.0], [1.0, 0.0], recording.Compile().CreateWorkspace())).ParamName);
        Assert.Equal("workspace", Assert.Throws<ArgumentException>(() => recording.DirectionalDerivative([1.0, 2.0], [1.0, 0.0], Recording<double>.Record(x => x[0], [1.0, 2.0]).CreateWorkspace())).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => compiled.GradientChunked([1.0], new double[2])).ParamName);
        Assert.Equal("gradient", Assert.Throws<ArgumentException>(() => compiled.GradientChunked([1.0, 2.0], new double[3])).ParamName);
        Assert.Equal("workspace", Assert.Throws<ArgumentException>(() => compiled.GradientChunked([1.0, 2.0], new double[2], recording.Compile().CreateWorkspace())).ParamName);
        Assert.Equal("compiled", Assert.Throws<ArgumentNullException>(() => CompiledForwardMode.GradientChunked(null!, [1.0, 2.0], new double[2])).ParamName);
        // A branch that would now go the other way is refused, as by the gradient.
        var branch = Recording<double>.Record(x => x[0] > 0.0 ? x[0] : -x[0], [1.0]);
        Assert.Throws<ReplayDivergedException>(() => branch.DirectionalDerivative([-1.0], [1.0]));
        Assert.Throws<ReplayDivergedException>(() => branch.Compile().DirectionalDerivative([-1.0], [1.0]));
        Assert.Throws<ReplayDivergedException>(() => branch.Compile().GradientChunked([-1.0], new double[1]));
    }
}
