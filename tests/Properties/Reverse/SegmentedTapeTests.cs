// Lesson: where the tape keeps its steps is not part of the chain rule. A long tape is stored in segments (so growing
// it never copies it), yet the sweep visits the same steps in the same order with the same arithmetic, so a gradient
// across many segments is bitwise the gradient of one big array. Every test below compares exactly, no tolerance.
using DualGrad.Forward;
using DualGrad.Reverse;
using Xunit;

namespace DualGrad.Properties.Reverse;

public sealed class SegmentedTapeTests
{
    private const int Segment = Tape<double>.SegmentLength;

    // Rosenbrock of n inputs records n + 8(n - 1) steps; with n = 5,000 that is 44,992, more than two whole segments past
    // the first. Its steps link everywhere across segment boundaries: carries to the step just before and sends to
    // inputs recorded tens of thousands of steps earlier (every xᵢ is used by two terms).
    private static readonly double[] Point = [.. Enumerable.Range(0, 5_000).Select(i => 1.2 * Math.Sin(0.7 * i + 0.3))];

    private static (double Value, double[] Gradient, int Count) GradientOn(Tape<double> tape, double[] x)
    {
        var gradient = new double[x.Length];
        var value = tape.ValueAndGradient(ReverseTestFunctions.Rosenbrock, x, gradient);
        return (value, gradient, tape.Count);
    }

    // The reference: a tape made big enough up front that everything stays in its first segment.
    private static (double Value, double[] Gradient, int Count) OneArray(double[] x) => GradientOn(new Tape<double>(1 << 20), x);

    [Theory]
    [InlineData(64)]       // the default: the first segment doubles up to SegmentLength, then segments are added
    [InlineData(100)]      // a first segment that is not a power of two (100, 200, …, 12,800, then capped at SegmentLength)
    [InlineData(20_000)]   // a first segment longer than SegmentLength
    public void A_gradient_across_segments_is_bitwise_the_gradient_of_one_array(int capacity)
    {
        var expected = OneArray(Point);
        var actual = GradientOn(new Tape<double>(capacity), Point);
        Assert.True(actual.Count > 2 * Segment, $"only {actual.Count} steps: the test must span segments");
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Value, actual.Value);
        Precision.Exactly<double>(expected.Gradient, actual.Gradient, "∇ Rosenbrock, segmented tape");
    }

    [Fact]
    public void A_reset_tape_writes_its_segments_again_and_a_warm_one_allocates_nothing()
    {
        var tape = new Tape<double>();
        var small = Point[..100];
        var expectedLong = OneArray(Point);
        var expectedShort = OneArray(small);
        foreach (var x in new[] { Point, small, Point, small })
        {
            var expected = x.Length == Point.Length ? expectedLong : expectedShort;
            var actual = GradientOn(tape, x);
            Assert.Equal(expected.Count, actual.Count);
            Assert.Equal(expected.Value, actual.Value);
            Precision.Exactly<double>(expected.Gradient, actual.Gradient, $"∇ Rosenbrock (n = {x.Length}) after a reset");
        }
        var gradient = new double[Point.Length];
        ScalarFunc<Var<double>> f = ReverseTestFunctions.Rosenbrock;
        Assert.Equal(0L, Allocation.Least(() => tape.ValueAndGradient(f, Point, gradient)));
    }

    [Fact]
    public void A_one_call_gradient_across_segments_equals_the_one_array_gradient()
    {
        // ReverseMode's tape for one call rents its segments from the shared pool and returns them all.
        var expected = OneArray(Point);
        var gradient = new double[Point.Length];
        var value = ReverseMode.ValueAndGradient<double>(ReverseTestFunctions.Rosenbrock, Point, gradient);
        Assert.Equal(expected.Value, value);
        Precision.Exactly<double>(expected.Gradient, gradient, "∇ Rosenbrock, one call");
    }

    [Fact]
    public void A_recording_across_segments_replays_bitwise_like_a_fresh_recording()
    {
        var recording = Recording<double>.Record(ReverseTestFunctions.Rosenbrock, Point);
        Assert.True(recording.Count > 2 * Segment);
        var moved = Point.Select(v => v * 0.9 + 0.05).ToArray();
        var replayed = new double[moved.Length];
        var value = recording.ValueAndGradient(moved, replayed);
        var expected = OneArray(moved);
        Assert.Equal(expected.Value, value);
        Precision.Exactly<double>(expected.Gradient, replayed, "replayed ∇ Rosenbrock");
    }

    // A direction for the Hessian-vector products below.
    private static readonly double[] Direction = [.. Enumerable.Range(0, Point.Length).Select(i => Math.Cos(i))];

    [Fact]
    public void Forward_over_reverse_across_segments_is_bitwise_the_one_array_result()
    {
        // Steps hold Dual<double> here: the gradient's tangents are H·v.
        var seeded = Point.Select((x, i) => new Dual<double>(x, Direction[i])).ToArray();
        (double, double)[] Parts(Dual<double>[] g) => [.. g.Select(d => (d.Value, d.Tangent))];   // Dual's == compares values only
        (double, double)[] On(Tape<Dual<double>> tape)
        {
            var g = new Dual<double>[seeded.Length];
            tape.ValueAndGradient(ReverseTestFunctions.Rosenbrock, seeded, g);
            return Parts(g);
        }
        var expected = On(new Tape<Dual<double>>(1 << 20));
        Assert.Equal(expected, On(new Tape<Dual<double>>()));
        var pooled = new Dual<double>[seeded.Length];
        ReverseMode.ValueAndGradient<Dual<double>>(ReverseTestFunctions.Rosenbrock, seeded, pooled);
        Assert.Equal(expected, Parts(pooled));
    }

    [Fact]
    public void Reverse_over_reverse_across_segments_is_bitwise_the_one_array_result()
    {
        // Steps hold Var<double>, which references the outer tape: a one-call tape of them starts small and doubles
        // (the pool clears such arrays whole when it gets them back), then adds segments like any other.
        double[] HessianTimesDirection(Tape<Var<double>>? inner)
        {
            var outer = new Tape<double>();
            var x = Point.Select(outer.Variable).ToArray();
            var gradient = new Var<double>[x.Length];
            if (inner is null) ReverseMode.ValueAndGradient<Var<double>>(ReverseTestFunctions.Rosenbrock, x, gradient);
            else inner.ValueAndGradient(ReverseTestFunctions.Rosenbrock, x, gradient);
            var dot = Var<double>.Zero;
            for (var i = 0; i < x.Length; i++) dot += gradient[i] * Direction[i];
            var adjoints = new double[outer.Count];
            outer.Backward(dot, 1.0, adjoints);
            return [.. x.Select(xi => adjoints[xi.Index])];
        }
        var expected = HessianTimesDirection(new Tape<Var<double>>(1 << 20));
        Assert.All(expected, h => Assert.True(double.IsFinite(h) && h != 0, $"H·v component {h}: the comparison must not be between zeros"));
        Precision.Exactly<double>(expected, HessianTimesDirection(new Tape<Var<double>>()), "H·v, reverse over reverse, segmented inner tape");
        Precision.Exactly<double>(expected, HessianTimesDirection(null), "H·v, reverse over reverse, one-call inner tape");
    }

    [Fact]
    public void Diagnostics_and_traces_read_steps_in_later_segments()
    {
        // A chain of 3·SegmentLength additions, then a logarithm of a negative number: the NaN starts deep in a later segment.
        var tape = new Tape<double>();
        var x = tape.Variable(-1.0);
        var y = x;
        for (var k = 0; k < 3 * Segment; k++) y += x * 0.0;
        var log = Var<double>.Log(y);
        Assert.True(log.Index > 3 * Segment);
        Assert.Equal(log.Index, tape.FirstNonFinite());
        Assert.Equal("Log", tape.PrimitiveName(log.Index));
        Assert.Equal("Add", tape.PrimitiveName(log.Index - 1));

        var trace = tape.Trace(y);
        Assert.Equal(y.Index, trace[0].Node);
        Assert.Equal(y.Index + 1, trace.Length);   // every step before y, newest first, across all segments
        Assert.Equal(1.0, trace[^1].Adjoint);   // dy/dx = 1: each x·0 contributes 0
        Assert.Equal(Enumerable.Range(0, y.Index + 1).Reverse(), trace.Select(s => s.Node));
    }
}
