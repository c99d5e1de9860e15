using System.Numerics;
using DualGrad.Forward;
using Xunit;

namespace DualGrad.Properties.Facade;

// Contracts a review found broken: a gradient written over its own input, a numerical reference that is not a
// number, a step too small to move x, and the mode choice at the largest n.
public sealed class AliasingAndNumericTests
{
    private sealed class SumOfSquares : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
        {
            var s = T.Zero;
            foreach (var v in x) s += v * v;
            return s;
        }
    }

    [Theory]
    [InlineData(Mode.Forward)]
    [InlineData(Mode.Reverse)]
    [InlineData(Mode.Auto)]
    public void A_gradient_buffer_that_overlaps_x_is_refused(Mode mode)
    {
        // Forward mode with more than 8 inputs seeds its later passes from x after writing the first chunk of the
        // gradient: the same buffer for both gave a wrong value and gradient instead of an error.
        var buffer = Enumerable.Range(1, 12).Select(i => (double)i).ToArray();
        var e = Assert.Throws<ArgumentException>(() => AD.ValueAndGradient(new SumOfSquares(), buffer, buffer, mode));
        Assert.Equal("gradient", e.ParamName);
        Assert.Contains("overlaps x", e.Message);
        Assert.Throws<ArgumentException>(() => AD.Gradient(new SumOfSquares(), buffer.AsSpan(0, 6), buffer.AsSpan(3, 6), mode));
    }

    [Fact]
    public void ForwardMode_refuses_overlapping_buffers_too()
    {
        var buffer = new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
        ScalarFunc<Dual<double>> f = x => x[0] * x[9];
        ScalarFunc<ChunkDual<Chunk4>> f4 = x => x[0] * x[9];
        Assert.Contains("overlaps x", Assert.Throws<ArgumentException>(() => ForwardMode.Gradient(f, buffer, buffer)).Message);
        Assert.Contains("overlaps x", Assert.Throws<ArgumentException>(() => ForwardMode.GradientChunked(f4, buffer, buffer)).Message);
        VectorFunc<Dual<double>> g = (x, y) => y[0] = x[0];
        var y = new double[2];
        Assert.Contains("overlaps y", Assert.Throws<ArgumentException>(() => ForwardMode.Jvp(g, [1.0], [1.0], y.AsSpan(0, 1), y.AsSpan(0, 1))).Message);
    }

    private sealed class SqrtPlusSquare : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T> => T.Sqrt(x[0]) + x[1] * x[1];
    }

    [Fact]
    public void A_numerical_reference_that_is_not_finite_fails_the_check_with_a_NaN_error()
    {
        // Richardson's steps at x0 = 1e-4 reach below 0, where √ is NaN: the check must fail and say why, not report
        // "largest error 0".
        var check = AD.CheckGradient(new SqrtPlusSquare(), [1e-4, 1.0]);
        Assert.False(check.Passed);
        Assert.True(double.IsNaN(check.MaxError));
        Assert.Contains("numerical reference for input 0 is NaN", check.ToString());
        Assert.DoesNotContain("numerical reference for input 1", check.ToString());
    }

    [Fact]
    public void A_step_that_rounds_away_is_refused()
    {
        // At 1e10 the spacing of doubles is about 2e-6: a step of 1e-8 moves nothing, and 0/0 came back as NaN.
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => AD.NumericGradient(new SumOfSquares(), [1.0, 1e10], step: 1e-8));
        Assert.Equal("step", e.ParamName);
        Assert.Contains("x[1] = 10000000000", e.Message);
        // A step the spacing allows works: d(x²)/dx = 2e10, exact for a quadratic up to rounding of f (≈ 1e20·ε / 2h).
        Assert.Equal(2e10, AD.NumericGradient(new SumOfSquares(), [1e10], step: 1.0)[0], 1e-5 * 2e10);
    }

    [Fact]
    public void ChooseMode_counts_passes_without_overflowing()
    {
        Assert.Equal(Mode.Reverse, AD.ChooseMode(int.MaxValue, 1));
        Assert.Equal(Mode.Forward, AD.ChooseMode(1, 1));
    }
}
