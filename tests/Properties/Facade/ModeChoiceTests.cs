// Lesson: forward vs reverse accumulation is a cost question. Forward mode pays one pass per input direction (8 per
// chunked pass), reverse mode one recording plus one sweep per output. AD.ChooseMode documents the rule
// 6.5·⌈n/8⌉ ≤ 80 + 1.1·m ⇒ Forward (fitted to the Jacobian-shape benchmark); these tests pin the rule and its
// boundaries (for a gradient, forward up to n = 96).
namespace DualGrad.Properties.Facade;

public class ModeChoiceTests
{
    [Theory]
    [InlineData(4, 1, Mode.Forward)]        // the notebook's f
    [InlineData(1000, 1, Mode.Reverse)]     // a gradient of many inputs
    [InlineData(1000, 1000, Mode.Forward)]  // square Jacobian: 812.5 ≤ 80 + 1100
    [InlineData(1, 1000, Mode.Forward)]
    [InlineData(96, 1, Mode.Forward)]       // boundary: ⌈96/8⌉ = 12, 78 ≤ 81.1
    [InlineData(97, 1, Mode.Reverse)]       //           ⌈97/8⌉ = 13, 84.5 > 81.1
    [InlineData(100, 10, Mode.Forward)]     // 84.5 ≤ 91 (the benchmark: forward 85x, reverse 136x)
    [InlineData(1000, 100, Mode.Reverse)]   // 812.5 > 190 (the benchmark: forward 1,174x, reverse 184x)
    [InlineData(1000, 666, Mode.Forward)]   // 812.5 ≤ 812.6
    [InlineData(1000, 665, Mode.Reverse)]   // 812.5 > 811.5
    public void ChooseMode_follows_the_documented_cost_rule(int n, int m, Mode expected)
    {
        Assert.Equal(expected, AD.ChooseMode(n, m));
        var passes = (n + 7) / 8;
        Assert.Equal(6.5 * passes <= 80 + 1.1 * m ? Mode.Forward : Mode.Reverse, AD.ChooseMode(n, m));
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
        foreach (var n in new[] { 96, 97 })
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
