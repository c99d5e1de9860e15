// Lesson: the facade checks a vector function's outputs in the pass whose numbers it returns. Jvp and Vjp used to check
// a separate evaluation in double, so an output written on double but not on dual numbers or Var came back as 0 from
// the differentiated pass, unnoticed. And an IndexOutOfRangeException from inside f is not always a write past the last
// output: f may index its own inputs out of range, so the message says both and keeps the original exception.
using System.Numerics;

namespace DualGrad.Properties.Facade;

public class VectorFunctionCheckTests
{
    private static readonly double[] Z = [1, -1];

    [Fact]
    public void An_output_written_only_on_double_is_named_by_Jvp_and_Vjp()
    {
        var jvp = Assert.Throws<ArgumentException>(() => AD.Jvp(new WritesSecondOnlyOnDouble(), Z, [1.0, 0]));
        Assert.Equal("f", jvp.ParamName);
        Assert.Contains("did not write output 1 of its 2 outputs", jvp.Message);
        var vjp = Assert.Throws<ArgumentException>(() => AD.Vjp(new WritesSecondOnlyOnDouble(), Z, [1.0, 1]));
        Assert.Equal("f", vjp.ParamName);
        Assert.Contains("did not write output 1 of its 2 outputs", vjp.Message);
        // The Jacobian already checked its own pass; the plain evaluation is (rightly) satisfied.
        Assert.Throws<ArgumentException>(() => AD.Jacobian(new WritesSecondOnlyOnDouble(), Z));
        Assert.Equal(2, AD.Evaluate(new WritesSecondOnlyOnDouble(), Z).Length);
    }

    [Fact]
    public void Jvp_and_Vjp_match_the_hand_Jacobian_without_evaluating_f_in_double()
    {
        // y = (z₀z₁, sin z₀): J = [[z₁, z₀], [cos z₀, 0]]. Each product is one pass on its own scalar type, nothing in double.
        var f = new CountsPlainCalls();
        Assert.Equal([-1 * 0.5 + 1 * 2.0, Math.Cos(1) * 0.5], AD.Jvp(f, Z, [0.5, 2.0]));
        Assert.Equal([-1 * 3.0 + Math.Cos(1) * 4, 1 * 3.0], AD.Vjp(f, Z, [3.0, 4.0]));
        Assert.Equal(0, f.PlainCalls);
    }

    [Theory]
    [InlineData(Mode.Forward)]
    [InlineData(Mode.Reverse)]
    public void An_index_error_inside_f_is_not_claimed_to_be_an_extra_output(Mode mode)
    {
        var thrown = new List<ArgumentException>
        {
            Assert.Throws<ArgumentException>(() => AD.Jacobian(new ReadsPastItsInputs(), Z, mode)),
            Assert.Throws<ArgumentException>(() => AD.Jvp(new ReadsPastItsInputs(), Z, [1.0, 0])),
            Assert.Throws<ArgumentException>(() => AD.Vjp(new ReadsPastItsInputs(), Z, [1.0])),
            Assert.Throws<ArgumentException>(() => AD.Evaluate(new ReadsPastItsInputs(), Z)),
        };
        foreach (var e in thrown)
        {
            Assert.Equal("f", e.ParamName);
            Assert.IsType<IndexOutOfRangeException>(e.InnerException);
            Assert.Contains("or indexed out of range itself", e.Message);
            Assert.DoesNotContain("f wrote more outputs", e.Message);   // the old message asserted what may be false
        }
    }

    /// <summary>Declares 2 outputs; writes the second only when evaluated in plain double.</summary>
    private sealed class WritesSecondOnlyOnDouble : IVectorFunction
    {
        public int OutputLength(int inputLength) => 2;

        public void Invoke<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T>
        {
            y[0] = x[0] * x[1];
            if (typeof(T) == typeof(double)) y[1] = x[0];
        }
    }

    /// <summary>One output, computed from x[n]: an out-of-range read of f's own input, not an extra output.</summary>
    private sealed class ReadsPastItsInputs : IVectorFunction
    {
        public int OutputLength(int inputLength) => 1;

        public void Invoke<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T> => y[0] = x[x.Length];
    }
}
