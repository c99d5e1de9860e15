// Lesson: a recording is a program. Interpreting it (Recording.ValueAndGradient) decides at every step which rule to
// run and where its parents are; compiling it (Recording.Compile) makes those decisions once and writes them into
// .NET code, and rolls a recorded loop (the same steps, parents moving by fixed strides) back into a loop. The
// arithmetic is unchanged, the same rules in the same order, so every answer here is compared bit for bit with the
// interpreter: no tolerance is needed, and any difference is a bug in the compiler.
using System.Numerics;
using CsCheck;
using DualGrad.Forward;
using DualGrad.Properties.Generators;
using DualGrad.Properties.Notebook;
using DualGrad.Reverse;

namespace DualGrad.Properties.Reverse;

public sealed class CompiledRecordingTests
{
    // Compiled and interpreted replays at x: both refuse (a guard changed), or both give the same bits.
    private static void SameAsInterpreted<T>(Recording<T> recording, CompiledRecording<T> compiled, T[] x, string what)
        where T : IFloatingPointIeee754<T>
    {
        var interpreted = new T[x.Length];
        var fromCode = new T[x.Length];
        T value;
        try { value = recording.ValueAndGradient(x, interpreted); }
        catch (ReplayDivergedException e)
        {
            var refused = Assert.Throws<ReplayDivergedException>(() => compiled.ValueAndGradient(x, fromCode));
            Assert.Equal(e.Message, refused.Message);
            Assert.Equal(e.Message, Assert.Throws<ReplayDivergedException>(() => compiled.DirectionalDerivative(x, Direction(x))).Message);
            if (compiled is CompiledRecording<double> refusing)
                Assert.Equal(e.Message, Assert.Throws<ReplayDivergedException>(() => refusing.GradientChunked((double[])(object)x, new double[x.Length])).Message);
            return;
        }
        var compiledValue = compiled.ValueAndGradient(x, fromCode);
        Assert.True(Bits(value, compiledValue), $"{what}: value {compiledValue}, interpreted {value}.");
        for (var i = 0; i < x.Length; i++)
            Assert.True(Bits(interpreted[i], fromCode[i]), $"{what}: ∂/∂x{i} = {fromCode[i]}, interpreted {interpreted[i]}.");
        // Forward mode on the same recording: the generated tangent sweep against the masked interpreted one, bit for
        // bit (for double and float the generated code leaves out the masks and takes NaN and zero results again).
        var v = Direction(x);
        var (tangentValue, derivative) = recording.DirectionalDerivative(x, v);
        var fromTangentCode = compiled.DirectionalDerivative(x, v);
        Assert.True(Bits(value, tangentValue) && Bits(value, fromTangentCode.Value), $"{what}: tangent sweeps' values {tangentValue} and {fromTangentCode.Value}, interpreted {value}.");
        Assert.True(Bits(derivative, fromTangentCode.Derivative), $"{what}: ∇f·v = {fromTangentCode.Derivative}, interpreted {derivative}.");
        // Four directions a sweep (doubles): each partial is the masked sweep along its unit vector.
        if (recording is not Recording<double> doubles || compiled is not CompiledRecording<double> compiledDoubles) return;
        var point = (double[])(object)x;
        var chunked = new double[point.Length];
        Assert.True(Bits((double)(object)value, compiledDoubles.GradientChunked(point, chunked)), $"{what}: chunked sweeps' value, interpreted {value}.");
        for (var i = 0; i < point.Length; i++)
        {
            var unit = new double[point.Length];
            unit[i] = 1.0;
            var along = doubles.DirectionalDerivative(point, unit).Derivative;
            Assert.True(Bits(along, chunked[i]), $"{what}: chunked ∂/∂x{i} = {chunked[i]}, the masked sweep along e{i} {along}.");
        }
    }

    // A direction with zero components (which the tangent masks are about) and others taken from the point.
    private static T[] Direction<T>(T[] x) where T : IFloatingPointIeee754<T> =>
        [.. x.Select((_, i) => i % 3 == 2 ? T.Zero : T.One + x[(i + 1) % x.Length] * T.CreateTruncating(0.5))];

    // Compile budgets the properties run under: everything interpreted, a few steps compiled and the rest interpreted
    // (pieces of both kinds, handing adjoints to each other), and the default.
    private static readonly int[] Budgets = [0, 3, CompiledRecording<double>.DefaultMaxCompiledSteps];

    // The same number, including the sign of a zero and NaN for NaN.
    private static bool Bits<T>(T a, T b) where T : IFloatingPointIeee754<T> =>
        a == b ? T.IsNegative(a) == T.IsNegative(b) : T.IsNaN(a) && T.IsNaN(b);

    private static double[] Wavy(int n, double phase) => [.. Enumerable.Range(0, n).Select(i => 1.2 * Math.Sin(0.7 * i + phase))];

    [Fact]
    public void Rosenbrock_compiles_to_a_loop_and_replays_bit_for_bit()
    {
        var recording = Recording<double>.Record(ReverseTestFunctions.Rosenbrock, Wavy(50, 0.3));
        var compiled = recording.Compile();
        // 49 terms of the same nine steps: rerolled, whatever the first term's extra steps (the sum starts at a constant).
        Assert.InRange(compiled.Loops, 1, 2);
        Assert.Equal(recording.Count, compiled.Count);
        Assert.Equal(50, compiled.InputLength);
        var workspace = compiled.CreateWorkspace();
        for (var k = 0; k < 20; k++)
        {
            var x = Wavy(50, k);
            SameAsInterpreted(recording, compiled, x, $"phase {k}");
            var g = new double[50];
            var fresh = new double[50];
            Assert.Equal(ReverseMode.ValueAndGradient<double>(ReverseTestFunctions.Rosenbrock, x, fresh), compiled.ValueAndGradient(x, g, workspace));
            Precision.Exactly<double>(fresh, g, $"phase {k}, reused workspace");
        }
    }

    [Fact]
    public void Powell_compiled_is_exact_at_integer_points()
    {
        var compiled = Recording<double>.Record(NotebookFunctions.Powell, [3.0, -1, 0, 1]).Compile();
        var workspace = compiled.CreateWorkspace();
        var g = new double[4];
        Assert.Equal(215, compiled.ValueAndGradient([3.0, -1, 0, 1], g, workspace));
        Assert.Equal([306.0, -144, -18, -310], g);
        for (var i = 0; i < 200; i++)
        {
            var x = ReverseTestFunctions.IntegerPoint(i);
            Assert.Equal(NotebookFunctions.Powell<double>(x), compiled.ValueAndGradient(x, g, workspace));
            Precision.Exactly<double>(ReverseTestFunctions.PowellGradientByHand(x), g, $"compiled ∇f({string.Join(", ", x)})");
        }
    }

    // Every primitive compiles: record each rule-table row at one of its points, replay compiled at every other one.
    [Theory]
    [MemberData(nameof(ReverseRuleTableTests.Names), MemberType = typeof(ReverseRuleTableTests))]
    public void Every_primitive_compiled_equals_the_interpreter(string name)
    {
        var c = ReverseRuleTableTests.Find(name);
        foreach (var at in c.Points)
        {
            var recording = Recording<double>.Record(c.Reverse, at);
            foreach (var budget in Budgets)
            {
                var compiled = recording.Compile(budget);
                foreach (var x in c.Points) SameAsInterpreted(recording, compiled, x, $"{name} (budget {budget}) recorded at ({string.Join(", ", at)}), replayed at ({string.Join(", ", x)})");
            }
        }
    }

    // The course's random functions: recorded at one point, compiled, replayed at another. Functions with a custom
    // step cannot be recorded for replay at all; they are skipped, and the count checks that most cases were not.
    [Fact]
    public void Random_functions_compiled_equal_the_interpreter()
    {
        var replayed = 0;
        var total = 0;
        Gen.Select(ExpressionGen.Cases, Gen.Double[-2, 2].Array[6]).Sample(t =>
        {
            var (c, other) = t;
            Interlocked.Increment(ref total);
            Recording<double> recording;
            try { recording = Recording<double>.Record(new ExprFunction(c.F).Invoke, c.X); }
            catch (NotSupportedException) { return; }
            foreach (var budget in Budgets)
            {
                var compiled = recording.Compile(budget);
                SameAsInterpreted(recording, compiled, c.X, $"budget {budget}, at the recorded point");
                SameAsInterpreted(recording, compiled, other[..c.N], $"budget {budget}, at another point");
            }
            Interlocked.Increment(ref replayed);
        }, iter: ExpressionGen.Iterations, print: t => $"{t.Item1}\n  replayed at [{string.Join(", ", t.Item2[..t.Item1.N])}]");
        Assert.True(replayed > total / 2, $"only {replayed} of {total} random functions could be recorded for replay.");
    }

    // Random loop bodies: a random two-input expression E, recorded as a sum Σᵢ E(xᵢ, xᵢ₊₁) (inputs one apart, the
    // running sum one body apart) and as a recurrence y ← E(y, x₁) (one input shared by every iteration). Whatever E's
    // steps are, the compiled loops must replay exactly what the interpreter does, here and at another point.
    private static Var<double> SumOf(Expr body, ReadOnlySpan<Var<double>> x)
    {
        Var<double> sum = 0.0;
        for (var i = 0; i + 1 < x.Length; i++) sum += body.Evaluate<Var<double>>([x[i], x[i + 1]]);
        return sum;
    }

    private static Var<double> Recurrence(Expr body, ReadOnlySpan<Var<double>> x)
    {
        var y = x[0];
        for (var k = 0; k < 3 * x.Length; k++) y = body.Evaluate<Var<double>>([y, x[1]]);
        return y;
    }

    // A recurrence that also reads, in every iteration, the value it started from (a fixed step of the carried column).
    private static Var<double> AnchoredRecurrence(Expr body, ReadOnlySpan<Var<double>> x)
    {
        var y = body.Evaluate<Var<double>>([x[0], x[1]]);
        var anchor = y;
        for (var k = 0; k < 2 * x.Length; k++) y = body.Evaluate<Var<double>>([y, anchor]);
        return y;
    }

    // A recurrence started from the last input and reading it in every iteration: that input sits just before the loop,
    // so the loop's first iteration reads it where the later ones read the previous iteration's value (a place that runs
    // from the inputs into computed steps), and every iteration also reads it at a fixed place.
    private static Var<double> RecurrenceFromAnInput(Expr body, ReadOnlySpan<Var<double>> x)
    {
        var y = x[^1];
        for (var k = 0; k < 2 * x.Length; k++) y = body.Evaluate<Var<double>>([y, x[^1]]);
        return y;
    }

    // The sum again with a different constant in every term (data): the loop reads its constants by iteration.
    private static Var<double> WeightedSumOf(Expr body, ReadOnlySpan<Var<double>> x)
    {
        Var<double> sum = 0.0;
        for (var i = 0; i + 1 < x.Length; i++) sum += (0.37 * i - 1) * body.Evaluate<Var<double>>([x[i], x[i + 1] - 0.5 * i]);
        return sum;
    }

    [Fact]
    public void Random_loop_bodies_compiled_equal_the_interpreter()
    {
        var rolled = 0;
        var total = 0;
        Gen.Select(ExpressionGen.Expression(2), Gen.Double[-1.5, 1.5].Array[6, 30], Gen.Double[-1.5, 1.5].Array[30]).Sample(t =>
        {
            var (body, x, other) = t;
            Interlocked.Increment(ref total);
            foreach (var shape in new Func<Expr, ScalarFunc<Var<double>>>[] { e => v => SumOf(e, v), e => v => Recurrence(e, v), e => v => WeightedSumOf(e, v), e => v => AnchoredRecurrence(e, v),
                         e => v => RecurrenceFromAnInput(e, v) })
            {
                Recording<double> recording;
                try { recording = Recording<double>.Record(shape(body), x); }
                catch (NotSupportedException) { return; }   // a custom rule in E: not recordable for replay
                foreach (var budget in Budgets)
                {
                    var compiled = recording.Compile(budget);
                    if (compiled.Loops > 0 && budget > 0) Interlocked.Increment(ref rolled);
                    SameAsInterpreted(recording, compiled, x, $"budget {budget}, at the recorded point");
                    SameAsInterpreted(recording, compiled, other[..x.Length], $"budget {budget}, at another point");
                }
            }
        }, iter: ExpressionGen.Iterations, print: t => $"E(a, b) = {t.Item1} (a = x0, b = x1)\n  recorded at [{string.Join(", ", t.Item2)}]");
        Assert.True(rolled > 2 * total, $"only {rolled} of {10 * total} random loops were rolled up.");
    }

    // Least squares over data, Σᵢ (aᵢ·x₀ + bᵢ − x₁)²: every term's constants differ, yet the terms roll into one loop
    // that reads aᵢ and bᵢ by iteration.
    [Fact]
    public void A_loop_over_data_rolls_up_with_its_constants()
    {
        var a = Enumerable.Range(0, 200).Select(i => Math.Sin(i)).ToArray();
        var b = Enumerable.Range(0, 200).Select(i => Math.Cos(3 * i)).ToArray();
        Var<double> LeastSquares(ReadOnlySpan<Var<double>> x)
        {
            Var<double> sum = 0.0;
            for (var i = 0; i < a.Length; i++)
            {
                var r = a[i] * x[0] + b[i] - x[1];
                sum += r * r;
            }
            return sum;
        }
        var recording = Recording<double>.Record(LeastSquares, [0.5, -0.25]);
        var compiled = recording.Compile();
        Assert.Equal(1, compiled.Loops);
        foreach (var x in new[] { new[] { 0.5, -0.25 }, [2.0, 3.0], [-1e3, 1e-3] })
        {
            SameAsInterpreted(recording, compiled, x, $"at ({x[0]}, {x[1]})");
            // ∂/∂x₀ = Σ 2rᵢaᵢ, ∂/∂x₁ = −Σ 2rᵢ: the loop really used each term's aᵢ and bᵢ.
            var g = new double[2];
            compiled.ValueAndGradient(x, g);
            var r = a.Select((ai, i) => ai * x[0] + b[i] - x[1]).ToArray();
            // The reference adds the same 200 terms in another order: each partial sum rounds by at most ε = 2.2e-16
            // of the running magnitude, so the two differ by under 200·ε·Σ|terms| ≈ 4.4e-14·Σ|terms|; 1e-12·Σ|terms|
            // allows that, while one term with the wrong aᵢ or bᵢ would move the sum by about that term itself.
            var terms0 = r.Select((ri, i) => 2 * ri * a[i]).ToArray();
            Assert.Equal(terms0.Sum(), g[0], 1e-12 * terms0.Sum(Math.Abs));
            Assert.Equal(-r.Sum(ri => 2 * ri), g[1], 1e-12 * r.Sum(ri => Math.Abs(2 * ri)));
        }
    }

    // A loop whose body branches: each iteration's guard keeps its own outcome, so iterations that branched differently
    // are not merged into one loop, and a replay that would branch differently anywhere is refused.
    private static Var<double> Hinged(ReadOnlySpan<Var<double>> x)
    {
        Var<double> sum = 0.0;
        for (var i = 0; i < x.Length; i++) sum += x[i] > 0.0 ? x[i] * x[i] : -3.0 * x[i];
        return sum;
    }

    [Fact]
    public void Guards_inside_a_rolled_loop_keep_each_iteration_s_outcome()
    {
        double[] signs = [1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, 1, 1, 1, 1, 1, 1, 1, 1];
        var at = signs.Select((s, i) => s * (i + 1) * 0.25).ToArray();
        var recording = Recording<double>.Record(Hinged, at);
        var compiled = recording.Compile();
        Assert.True(compiled.Loops >= 2, $"{compiled.Loops} loops: the runs of equal outcomes should each roll up.");
        var same = signs.Select((s, i) => s * (20 - i) * 0.5).ToArray();
        SameAsInterpreted(recording, compiled, same, "same branches");
        var g = new double[20];
        compiled.ValueAndGradient(same, g);
        Assert.Equal(signs.Select((s, i) => s > 0 ? 2 * same[i] : -3.0), g);
        for (var flip = 0; flip < 20; flip++)
        {
            var x = (double[])same.Clone();
            x[flip] = -x[flip];
            var e = Assert.Throws<ReplayDivergedException>(() => compiled.ValueAndGradient(x, g));
            SameAsInterpreted(recording, compiled, x, $"x{flip} flipped");
            Assert.Contains("Record the function again", e.Message);
        }
    }

    // A value used many times (fan-out) in a rolled loop: x_{k+1} = x_k·x_k + x_k, each step's value feeding two places.
    [Fact]
    public void Fan_out_through_a_rolled_loop()
    {
        static Var<double> Iterate(ReadOnlySpan<Var<double>> x)
        {
            var y = x[0];
            for (var k = 0; k < 60; k++) y = y * y + y;
            return y;
        }
        var recording = Recording<double>.Record(Iterate, [-0.5]);
        var compiled = recording.Compile();
        Assert.Equal(1, compiled.Loops);
        foreach (var x0 in new[] { -0.5, -0.25, -0.9, -1.0, 0.0, -1e-3 })
            SameAsInterpreted(recording, compiled, [x0], $"x0 = {x0}");
    }

    // A recurrence carries y from one iteration to the next in a local, on the way back its adjoint too. Here every
    // iteration also reads a fixed step, the value y had before the loop (the carried column's iteration −1): its adjoint
    // then must not be held in a local, or the contributions that reach it directly would be lost.
    [Fact]
    public void A_recurrence_that_also_reads_its_starting_value()
    {
        static Var<double> Anchored(ReadOnlySpan<Var<double>> x)
        {
            var y = Var<double>.Sin(x[0]) * 0.5 + x[1];
            var anchor = y;
            for (var k = 0; k < 20; k++) y = Var<double>.Sin(y) * 0.5 + anchor;
            return y;
        }
        static Var<double> Free(ReadOnlySpan<Var<double>> x)
        {
            var y = Var<double>.Sin(x[0]) * 0.5 + x[1];
            for (var k = 0; k < 20; k++) y = Var<double>.Sin(y) * 0.5 + x[1];
            return y;
        }
        // Here the loop found starts at the anchor itself (the body is tanh, square, add), so iteration 0's tanh is
        // read by its own iteration's sum (a local) and by every iteration's square (a fixed place): it must stay in
        // the array, or the square's contribution of iteration 0 is lost (it once was: ∂/∂x₀ 0.947 instead of 0.952).
        static Var<double> SelfAnchored(ReadOnlySpan<Var<double>> x)
        {
            var y = Var<double>.Tanh(x[0] + x[1] * x[1]);
            var anchor = y;
            for (var k = 0; k < 12; k++) y = Var<double>.Tanh(y + anchor * anchor);
            return y;
        }
        foreach (var f in new ScalarFunc<Var<double>>[] { Anchored, Free, SelfAnchored })
        {
            var recording = Recording<double>.Record(f, [0.3, 0.7]);
            var compiled = recording.Compile();
            Assert.Equal(1, compiled.Loops);
            foreach (var x in new[] { new[] { 0.3, 0.7 }, [-2.0, 0.1], [1e-3, -1.5], [0.3, 0.2] })
                SameAsInterpreted(recording, compiled, x, $"at ({x[0]}, {x[1]})");
        }
    }

    // Three cases a review found, each once wrong: a loop step read by its own iteration and, through a fixed place, by
    // every iteration (its adjoint was taken into a local before the fixed-place contribution arrived, which was lost
    // and left in the workspace for the next call); u + u right after u on dual numbers (the tape adds the two partials
    // one by one for types other than double and float); min(x, −0) at x = +0 (the JIT folded the literal −0 wrongly).
    [Fact]
    public void Cases_a_review_found()
    {
        static Var<double> FirstTerm(ReadOnlySpan<Var<double>> x)
        {
            var acc = x[4] * x[5];
            Var<double> first = default;
            for (var i = 0; i < 4; i++)
            {
                var t = Var<double>.Sin(x[i]);
                if (i == 0) first = t;
                acc = acc + first * x[5] + t * 3.0;
            }
            return acc;
        }
        var recording = Recording<double>.Record(FirstTerm, [0.3, 0.4, 0.5, 0.6, 0.7, 0.8]);
        var compiled = recording.Compile();
        var workspace = compiled.CreateWorkspace();
        var g = new double[6];
        foreach (var x in new[] { new[] { 0.3, 0.4, 0.5, 0.6, 0.7, 0.8 }, [1.0, -0.4, 0.2, 0.1, 0.7, 1.5], [0.3, 0.4, 0.5, 0.6, 0.7, 0.8] })
        {
            SameAsInterpreted(recording, compiled, x, "fresh workspace");
            compiled.ValueAndGradient(x, g, workspace);
            // ∂/∂x₀ = (4·x₅ + 3)·cos x₀: one rounding of each of a few terms, within 4 ulps.
            Precision.WithinUlps((4 * x[5] + 3) * Math.Cos(x[0]), g[0], 4, "∂/∂x₀ on a reused workspace");
        }

        var k = new Dual<double>(Math.Pow(2, -53), 0);
        var dual = Recording<Dual<double>>.Record(x => { var u = x[0] * x[1]; var s = u + u; return s * k + u; }, [new(1, 0), new(1, 0)]);
        foreach (var budget in Budgets) SameAsInterpreted(dual, dual.Compile(budget), [new(1, 0), new(1, 0)], $"u + u on dual numbers, budget {budget}");

        var min = Recording<double>.Record(x => Var<double>.Min(x[0], -0.0) * 2.0, [1.0]);
        foreach (var budget in Budgets) SameAsInterpreted(min, min.Compile(budget), [0.0], $"min(x, −0) at +0, budget {budget}");
    }

    [Fact]
    public void A_million_step_chain_compiles_to_one_small_loop()
    {
        static Var<double> Chain(ReadOnlySpan<Var<double>> x)
        {
            var y = x[0];
            for (var k = 0; k < 250_000; k++) y = Var<double>.Sin(y) * 1.0001 + 0.1 * y;
            return y;
        }
        var recording = Recording<double>.Record(Chain, [0.5]);
        Assert.True(recording.Count > 1_000_000);
        var compiled = recording.Compile();
        Assert.Equal(1, compiled.Loops);
        SameAsInterpreted(recording, compiled, [0.4], "y0 = 0.4");
    }

    // Fused multiply-adds reach into their product step; leaves made inside f keep their recorded values; a constant
    // output has a zero gradient.
    [Fact]
    public void Fused_multiply_adds_inner_leaves_and_constant_outputs()
    {
        static Var<double> Fused(ReadOnlySpan<Var<double>> x) =>
            Var<double>.FusedMultiplyAdd(x[0], x[1], x[2]) + Var<double>.FusedMultiplyAdd(x[0], 3.0, x[1]) * Var<double>.FusedMultiplyAdd(x[2], x[2], 1.0);
        var fused = Recording<double>.Record(Fused, [1.0, 2, 3]);
        var compiledFused = fused.Compile();
        foreach (var x in new[] { new[] { 0.1, 1e16, -1e16 }, [2.0, -3, 0.5], [1 + 1e-15, 1 - 1e-15, -1] })
            SameAsInterpreted(fused, compiledFused, x, $"fma at ({string.Join(", ", x)})");

        var leaf = Recording<double>.Record(x => x[0] * x[0].Tape!.Variable(3.0), [2.0]);
        var g = new double[1];
        Assert.Equal(15, leaf.Compile().ValueAndGradient([5.0], g));
        Assert.Equal(3, g[0]);

        var constant = Recording<double>.Record(_ => Var<double>.Constant(5), [1.0, 2.0]).Compile();
        double[] zero = [double.NaN, double.NaN];
        Assert.Equal(5, constant.ValueAndGradient([7.0, -3.0], zero));
        Assert.Equal([0.0, 0.0], zero);
    }

    // Other scalar types: float constants are compiled into the code like double's; dual numbers' constants are read
    // from an array bound to the generated methods. Forward over a compiled reverse replay gives Hessian-vector products.
    [Fact]
    public void Float_and_dual_number_recordings_compile()
    {
        var floats = Recording<float>.Record(ReverseTestFunctions.Rosenbrock, [.. Wavy(12, 0.3).Select(v => (float)v)]);
        var compiledFloats = floats.Compile();
        for (var k = 0; k < 5; k++) SameAsInterpreted(floats, compiledFloats, [.. Wavy(12, k).Select(v => (float)v)], $"float, phase {k}");

        static Dual<double>[] Seed(double[] x, double[] v) => [.. x.Zip(v, (a, b) => new Dual<double>(a, b))];
        double[] v = [1, -2, 3, -4];
        var compiled = Recording<Dual<double>>.Record(ReverseTestFunctions.PowellWithPow, Seed([3, -1, 0, 1], v)).Compile();
        var g = new Dual<double>[4];
        for (var i = 0; i < 50; i++)
        {
            var x = ReverseTestFunctions.IntegerPoint(i);
            compiled.ValueAndGradient(Seed(x, v), g);
            var h = ReverseTestFunctions.PowellHessianByHand(x);
            for (var r = 0; r < 4; r++)
            {
                var hv = 0.0;
                for (var c = 0; c < 4; c++) hv += h[r, c] * v[c];
                Assert.Equal(hv, g[r].Tangent);   // integers well below 2⁵³: exact
            }
            Precision.Exactly<double>(ReverseTestFunctions.PowellGradientByHand(x), g.Select(d => d.Value).ToArray(), $"∇f({string.Join(", ", x)})");
        }
    }

    private static readonly ScalarFunc<Dual<double>> RosenbrockDual = ReverseTestFunctions.Rosenbrock;
    private static readonly ScalarFunc<ChunkDual<Chunk4>> RosenbrockChunk = ReverseTestFunctions.Rosenbrock;

    [Fact]
    public void Threads_share_one_compiled_recording()
    {
        var compiled = Recording<double>.Record(ReverseTestFunctions.Rosenbrock, Wavy(40, 0)).Compile();
        var failures = 0;
        Parallel.For(0, 8, t =>
        {
            var workspace = compiled.CreateWorkspace();
            var g = new double[40];
            var fresh = new double[40];
            for (var k = 0; k < 200; k++)
            {
                var x = Wavy(40, t + 0.01 * k);
                var value = compiled.ValueAndGradient(x, g, workspace);
                if (value != ReverseMode.ValueAndGradient<double>(ReverseTestFunctions.Rosenbrock, x, fresh) || !g.SequenceEqual(fresh)) Interlocked.Increment(ref failures);
                // The forward sweeps on the same workspace, interleaved: against the dual numbers.
                var v = Wavy(40, 2 * t + k);
                if (compiled.DirectionalDerivative(x, v, workspace) != ForwardMode.DirectionalDerivative(RosenbrockDual, x, v)) Interlocked.Increment(ref failures);
                compiled.GradientChunked(x, g, workspace);
                ForwardMode.GradientChunked(RosenbrockChunk, x, fresh);
                if (!g.SequenceEqual(fresh)) Interlocked.Increment(ref failures);
            }
        });
        Assert.Equal(0, failures);
    }

    [Fact]
    public void A_reused_workspace_allocates_nothing()
    {
        var compiled = Recording<double>.Record(ReverseTestFunctions.Rosenbrock, Wavy(30, 0)).Compile();
        var workspace = compiled.CreateWorkspace();
        var x = Wavy(30, 1);
        var g = new double[30];
        compiled.ValueAndGradient(x, g, workspace);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) compiled.ValueAndGradient(x, g, workspace);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1024, $"1000 compiled replays with one workspace allocated {allocated} bytes.");
    }

    // A long recording with little repetition compiles only up to the budget, loops that run the most steps first; the
    // rest is interpreted, and the answers do not depend on where the line falls.
    [Fact]
    public void Steps_past_the_budget_are_interpreted()
    {
        static Var<double> Mixed(ReadOnlySpan<Var<double>> x)
        {
            var y = x[0];
            var rng = new Random(7);
            for (var i = 0; i < 300; i++)
                y = rng.Next(3) switch { 0 => Var<double>.Sin(y) + x[1], 1 => y * 0.9 + 0.1, _ => Var<double>.Tanh(y * x[1]) };
            for (var i = 0; i < 500; i++) y = y * 0.999 + Var<double>.Cos(y) * 1e-3;
            return y;
        }
        var recording = Recording<double>.Record(Mixed, [0.3, 0.7]);
        var all = recording.Compile(0);
        Assert.Equal(recording.Count - 2, all.InterpretedSteps);   // every step but the two inputs
        var loopOnly = recording.Compile(4);
        Assert.True(loopOnly.InterpretedSteps < recording.Count - 2000, $"{loopOnly.InterpretedSteps} interpreted: the 500-iteration loop should be compiled first.");
        var generous = recording.Compile(100_000);
        Assert.Equal(0, generous.InterpretedSteps);
        foreach (var compiled in new[] { all, loopOnly, recording.Compile(50), generous })
            foreach (var x in new[] { new[] { 0.3, 0.7 }, [-1.1, 0.2], [2.0, -0.9] })
                SameAsInterpreted(recording, compiled, x, $"{compiled.InterpretedSteps} steps interpreted, at ({x[0]}, {x[1]})");
        Assert.Equal("maxCompiledSteps", Assert.Throws<ArgumentOutOfRangeException>(() => recording.Compile(-1)).ParamName);
    }

    [Fact]
    public void Compiled_replay_checks_its_arguments()
    {
        var small = Recording<double>.Record(x => x[0] * x[1], [1.0, 2.0]);
        var compiled = small.Compile();
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => compiled.ValueAndGradient([1.0], new double[1])).ParamName);
        Assert.Equal("gradient", Assert.Throws<ArgumentException>(() => compiled.ValueAndGradient([1.0, 2.0], new double[3])).ParamName);
        // A workspace is sized and laid out for one compiled recording: another's is refused, even one compiled from the same recording.
        Assert.Equal("workspace", Assert.Throws<ArgumentException>(() => compiled.ValueAndGradient([1.0, 2.0], new double[2], small.Compile().CreateWorkspace())).ParamName);
        var large = Recording<double>.Record(ReverseTestFunctions.Rosenbrock, Wavy(30, 0)).Compile();
        Assert.Equal("workspace", Assert.Throws<ArgumentException>(() => compiled.ValueAndGradient([1.0, 2.0], new double[2], large.CreateWorkspace())).ParamName);
    }
}
