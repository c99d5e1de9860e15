// Lesson: record once, pull back many times. The tape is the reified continuation of one run of f; when f's control
// flow does not depend on x, the same sequence of primitives is f at every x, so re-running the recorded steps
// forward (values and local partials, from the same rules) and their pullbacks backward gives f and ∇f at a new
// point without calling the user's code. Where a recorded comparison would now branch the other way, the recording
// is not f any more, and replay must refuse.
using DualGrad.Forward;
using DualGrad.Properties.Notebook;
using DualGrad.Reverse;

namespace DualGrad.Properties.Reverse;

public sealed class ReplayTests
{
    private static readonly double[][] RosenbrockPoints =
    [
        [-1.2, 1, 0.5, -0.3, 2, 0.1],
        [1, 1, 1, 1, 1, 1],
        [0, 0, 0, 0, 0, 0],
        [3.5, -2.25, 1e-3, 7, -0.5, 0.75],
        [-10, 20, -30, 40, -50, 60],
    ];

    // Replay runs the same rules on the same steps in the same order as a fresh recording would, so it is not just
    // close to the fresh gradient: it is bitwise equal.
    [Fact]
    public void Rosenbrock_replayed_at_new_points_equals_a_fresh_recording()
    {
        var recording = Recording<double>.Record(ReverseTestFunctions.Rosenbrock, RosenbrockPoints[0]);
        Assert.Equal(6, recording.InputLength);
        foreach (var x in RosenbrockPoints)
        {
            var replayed = new double[6];
            var fresh = new double[6];
            var value = recording.ValueAndGradient(x, replayed);
            var freshValue = ReverseMode.ValueAndGradient<double>(ReverseTestFunctions.Rosenbrock, x, fresh);
            Assert.Equal(freshValue, value);
            Precision.Exactly<double>(fresh, replayed, $"replayed ∇ at ({string.Join(", ", x)})");
        }
    }

    [Fact]
    public void Powell_replayed_at_integer_points_is_exact()
    {
        var recording = Recording<double>.Record(NotebookFunctions.Powell, [3.0, -1, 0, 1]);
        var workspace = recording.CreateWorkspace();
        var g = new double[4];
        for (var i = 0; i < 200; i++)
        {
            var x = ReverseTestFunctions.IntegerPoint(i);
            Assert.Equal(NotebookFunctions.Powell<double>(x), recording.ValueAndGradient(x, g, workspace));
            Precision.Exactly<double>(ReverseTestFunctions.PowellGradientByHand(x), g, $"replayed ∇f({string.Join(", ", x)})");
        }
    }

    // Every primitive replays: record each rule-table row at one of its points and replay it at every other one.
    // Replay may refuse (a guard changed) but must never return something other than a fresh recording's answer.
    [Theory]
    [MemberData(nameof(ReverseRuleTableTests.Names), MemberType = typeof(ReverseRuleTableTests))]
    public void Every_primitive_replayed_at_another_point_equals_a_fresh_recording(string name)
    {
        var c = ReverseRuleTableTests.Find(name);
        foreach (var at in c.Points)
        {
            var recording = Recording<double>.Record(c.Reverse, at);
            foreach (var x in c.Points)
            {
                var replayed = new double[x.Length];
                var fresh = new double[x.Length];
                double value;
                try { value = recording.ValueAndGradient(x, replayed); }
                catch (ReplayDivergedException) { continue; }
                var freshValue = ReverseMode.ValueAndGradient(c.Reverse, x, fresh);
                var where = $"{name} recorded at ({string.Join(", ", at)}), replayed at ({string.Join(", ", x)})";
                Precision.WithinUlps(freshValue, value, 0, $"{where}: value");
                for (var i = 0; i < x.Length; i++) Precision.WithinUlps(fresh[i], replayed[i], 0, $"{where}: ∂/∂x{i}");
            }
        }
    }

    private static Var<double> Branchy(ReadOnlySpan<Var<double>> x) => x[0] < 0.0 ? -x[0] * x[0] : x[0] * x[0] * x[0];

    [Fact]
    public void A_branch_taken_the_other_way_on_replay_throws_ReplayDivergedException()
    {
        var recording = Recording<double>.Record(Branchy, [2.0]);
        var g = new double[1];
        Assert.Equal(27, recording.ValueAndGradient([3.0], g));   // same branch: fine
        Assert.Equal(27, g[0]);
        var e = Assert.Throws<ReplayDivergedException>(() => recording.ValueAndGradient([-1.0], g));
        Assert.Contains("Record the function again", e.Message);
    }

    [Fact]
    public void MaxNumber_guards_its_NaN_test()
    {
        // maxNumber prefers a number to NaN: recorded at (1, 2) it took Max; replayed at (NaN, 2) the direct answer is
        // 2·2 = 4 through the other branch, which replay cannot follow, so it must refuse rather than return NaN.
        var recording = Recording<double>.Record(x => 2.0 * Var<double>.MaxNumber(x[0], x[1]), [1.0, 2.0]);
        var g = new double[2];
        Assert.Equal(6, recording.ValueAndGradient([3.0, 2.0], g));
        Assert.Equal([2.0, 0.0], g);
        Assert.Throws<ReplayDivergedException>(() => recording.ValueAndGradient([double.NaN, 2.0], g));
        Assert.Equal(4, ReverseMode.ValueAndGradient<double>(x => 2.0 * Var<double>.MaxNumber(x[0], x[1]), [double.NaN, 2.0], g));
    }

    [Fact]
    public void A_comparison_between_two_variables_is_guarded_too()
    {
        var recording = Recording<double>.Record(x => x[0] > x[1] ? x[0] - x[1] : x[1] * x[1], [2.0, 1.0]);
        var g = new double[2];
        Assert.Equal(4, recording.ValueAndGradient([5.0, 1.0], g));
        Assert.Equal([1.0, -1.0], g);
        Assert.Throws<ReplayDivergedException>(() => recording.ValueAndGradient([1.0, 5.0], g));
    }

    // Piecewise primitives (Abs, Max, Relu) are not branches of the user's code: their rules are re-evaluated on replay,
    // so replay across a kink gives the right one-sided derivative without refusing.
    [Fact]
    public void Piecewise_primitives_are_re_evaluated_not_guarded()
    {
        static Var<double> F(ReadOnlySpan<Var<double>> x) => Var<double>.Abs(x[0]) * Var<double>.Max(x[0], 0.5) + Var<double>.Relu(x[1]);
        var recording = Recording<double>.Record(F, [2.0, 1.0]);
        foreach (var x in new[] { new[] { -3.0, -1.0 }, [0.25, 2.0], [4.0, -0.5] })
        {
            var replayed = new double[2];
            var fresh = new double[2];
            Assert.Equal(ReverseMode.ValueAndGradient<double>(F, x, fresh), recording.ValueAndGradient(x, replayed));
            Assert.Equal(fresh, replayed);
        }
    }

    [Fact]
    public void A_function_returning_one_of_its_inputs_replays()
    {
        var recording = Recording<double>.Record(x => x[1], [1.0, 2.0, 3.0]);
        var g = new double[3];
        Assert.Equal(-7, recording.ValueAndGradient([4.0, -7.0, 0.5], g));
        Assert.Equal([0.0, 1.0, 0.0], g);
    }

    // A recording made on dual numbers replays on dual numbers: forward over a replayed reverse gives Hessian-vector
    // products at new points (exact at integer points), and its guards still work.
    [Fact]
    public void A_recording_on_dual_numbers_replays_Hessian_vector_products()
    {
        static Dual<double>[] Seed(double[] x, double[] v) => [.. x.Zip(v, (a, b) => new Dual<double>(a, b))];
        double[] v = [1, -2, 3, -4];
        var recording = Recording<Dual<double>>.Record(NotebookFunctions.Powell, Seed([3, -1, 0, 1], v));
        var g = new Dual<double>[4];
        for (var i = 0; i < 50; i++)
        {
            var x = ReverseTestFunctions.IntegerPoint(i);
            recording.ValueAndGradient(Seed(x, v), g);
            var fresh = ReverseMode.Gradient<Dual<double>>(NotebookFunctions.Powell, Seed(x, v));
            Assert.Equal(fresh.Select(d => (d.Value, d.Tangent)), g.Select(d => (d.Value, d.Tangent)));
        }

        var branchy = Recording<Dual<double>>.Record(x => x[0] < Var<Dual<double>>.Zero ? -x[0] * x[0] : x[0] * x[0] * x[0], [new Dual<double>(2, 1)]);
        var one = new Dual<double>[1];
        branchy.ValueAndGradient([new Dual<double>(3, 1)], one);
        Assert.Equal((27.0, 18.0), (one[0].Value, one[0].Tangent));   // d/dx 3x² = 6x
        Assert.Throws<ReplayDivergedException>(() => branchy.ValueAndGradient([new Dual<double>(-3, 1)], one));
    }

    [Fact]
    public void A_recording_with_a_custom_step_is_refused()
    {
        var e = Assert.Throws<NotSupportedException>(() => Recording<double>.Record(x =>
        {
            var tape = x[0].Tape!;
            return tape.Custom("double", [x[0]], 2 * x[0].Value, (g, slots) => slots[0] += 2 * g) + x[0];
        }, [1.0]));
        Assert.Contains("custom primitive", e.Message);
    }

    [Fact]
    public void A_constant_function_replays_to_its_value_and_a_zero_gradient()
    {
        var recording = Recording<double>.Record(_ => Var<double>.Constant(5), [1.0, 2.0]);
        double[] g = [double.NaN, double.NaN];
        Assert.Equal(5, recording.ValueAndGradient([7.0, -3.0], g));
        Assert.Equal([0.0, 0.0], g);
    }

    // Workspace reuse: one workspace serves any number of replays, gives the same answers as a fresh workspace each
    // time, and after the first call a replay allocates nothing (the optimisation-loop case).
    [Fact]
    public void A_reused_workspace_gives_the_same_answers_and_allocates_nothing()
    {
        var recording = Recording<double>.Record(ReverseTestFunctions.Rosenbrock, RosenbrockPoints[0]);
        var workspace = recording.CreateWorkspace();
        var reused = new double[6];
        var own = new double[6];
        foreach (var x in RosenbrockPoints.Concat(RosenbrockPoints.Reverse()))
        {
            Assert.Equal(recording.ValueAndGradient(x, own), recording.ValueAndGradient(x, reused, workspace));
            Assert.Equal(own, reused);
        }

        var point = RosenbrockPoints[3];
        recording.ValueAndGradient(point, reused, workspace);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) recording.ValueAndGradient(point, reused, workspace);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1024, $"1000 replays with one workspace allocated {allocated} bytes.");
    }

    // The same promise for Tape.ValueAndGradient: one tape reused for many gradients allocates nothing after the first.
    [Fact]
    public void A_reused_tape_allocates_nothing_after_the_first_gradient()
    {
        var tape = new Tape<double>();
        var g = new double[6];
        tape.ValueAndGradient(ReverseTestFunctions.Rosenbrock, RosenbrockPoints[0], g);
        ScalarFunc<Var<double>> f = ReverseTestFunctions.Rosenbrock;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) tape.ValueAndGradient(f, RosenbrockPoints[i % RosenbrockPoints.Length], g);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1024, $"1000 gradients on one tape allocated {allocated} bytes.");
        var fresh = ReverseMode.Gradient<double>(ReverseTestFunctions.Rosenbrock, RosenbrockPoints[999 % RosenbrockPoints.Length]);
        Assert.Equal(fresh, g);
    }

    [Fact]
    public void Replay_checks_its_arguments()
    {
        var small = Recording<double>.Record(x => x[0] * x[1], [1.0, 2.0]);
        var large = Recording<double>.Record(ReverseTestFunctions.Rosenbrock, RosenbrockPoints[0]);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => large.ValueAndGradient([1.0, 2.0], new double[2])).ParamName);
        Assert.Equal("gradient", Assert.Throws<ArgumentException>(() => small.ValueAndGradient([1.0, 2.0], new double[3])).ParamName);
        Assert.Equal("workspace", Assert.Throws<ArgumentException>(() => large.ValueAndGradient(RosenbrockPoints[1], new double[6], small.CreateWorkspace())).ParamName);
        // A workspace holds its recording's steps, so one from another recording of the same size is refused too.
        var sameSize = Recording<double>.Record(x => x[0] + x[1], [1.0, 2.0]);
        Assert.Equal("workspace", Assert.Throws<ArgumentException>(() => small.ValueAndGradient([1.0, 2.0], new double[2], sameSize.CreateWorkspace())).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Recording<double>.Record(x => x[0], [])).ParamName);
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => Recording<double>.Record(null!, [1.0])).ParamName);
    }
}
