// Lesson: forward vs reverse accumulation is a cost question. Forward mode pays one pass per input direction (8 per
// chunked pass), reverse mode one recording plus one sweep per output. AD.ChooseMode documents the rule
// 3·⌈n/8⌉ ≤ 12 + 4m ⇒ Forward; these tests pin the rule and its boundary (for a gradient, forward up to n = 40).
namespace DualGrad.Properties.Facade;

public class ModeChoiceTests
{
    [Theory]
    [InlineData(4, 1, Mode.Forward)]        // the notebook's f
    [InlineData(1000, 1, Mode.Reverse)]     // a gradient of many inputs
    [InlineData(1000, 1000, Mode.Forward)]  // square Jacobian: 125 passes ≤ 12 + 4000
    [InlineData(1, 1000, Mode.Forward)]
    [InlineData(40, 1, Mode.Forward)]       // boundary: ⌈40/8⌉ = 5, 15 ≤ 16
    [InlineData(41, 1, Mode.Reverse)]       //           ⌈41/8⌉ = 6, 18 > 16
    [InlineData(48, 2, Mode.Forward)]       // m = 2: 6 passes, 18 ≤ 20
    [InlineData(49, 2, Mode.Reverse)]       //        7 passes, 21 > 20
    [InlineData(1000, 31, Mode.Reverse)]    // 375 > 12 + 124 = 136
    [InlineData(1000, 91, Mode.Forward)]    // 375 ≤ 376
    [InlineData(1000, 90, Mode.Reverse)]    // 375 > 372
    public void ChooseMode_follows_the_documented_cost_rule(int n, int m, Mode expected)
    {
        Assert.Equal(expected, AD.ChooseMode(n, m));
        var passes = (n + 7) / 8;
        Assert.Equal(3 * passes <= 12 + 4 * m ? Mode.Forward : Mode.Reverse, AD.ChooseMode(n, m));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    [InlineData(-3, 2)]
    public void ChooseMode_refuses_non_positive_sizes(int n, int m) =>
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => AD.ChooseMode(n, m));

    [Fact]
    public void Auto_gives_the_same_gradient_on_both_sides_of_the_boundary()
    {
        // Σ (i+1)·xᵢ² has gradient 2(i+1)xᵢ, exact in float64 for these small integers.
        foreach (var n in new[] { 40, 41 })
        {
            var x = Enumerable.Range(0, n).Select(i => (double)(i % 5 - 2)).ToArray();
            var expected = x.Select((xi, i) => 2 * (i + 1) * xi).ToArray();
            Assert.Equal(expected, AD.Gradient(new WeightedSquares(), x, Mode.Auto));
            Assert.Equal(expected, AD.Gradient(new WeightedSquares(), x, AD.ChooseMode(n, 1) == Mode.Forward ? Mode.Reverse : Mode.Forward));
        }
    }

    private sealed class WeightedSquares : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : System.Numerics.IFloatingPointIeee754<T>
        {
            var sum = T.Zero;
            for (var i = 0; i < x.Length; i++) sum += T.CreateChecked(i + 1) * x[i] * x[i];
            return sum;
        }
    }
}
