// Lesson: second order is the chain rule applied to the chain rule. The Hessian is forward mode over reverse mode;
// for the notebook's polynomial at (3, −1, 0, 1) every entry is a small integer, so it is compared exactly.
using System.Numerics;

namespace DualGrad.Properties.Facade;

public class SecondOrderTests
{
    private static readonly double[] X0 = [3, -1, 0, 1];

    // f = a² + 5b² + c⁴ + 10d⁴ with a = x₁+10x₂, b = x₃−x₄, c = x₂+2x₃ = −1, d = x₁−x₄ = 2:
    // H = 2·aaᵀ + 10·bbᵀ + 12c²·ccᵀ + 120d²·ddᵀ over the coefficient vectors of a, b, c, d.
    private static readonly double[,] HandHessian =
    {
        { 482, 20, 0, -480 },
        { 20, 212, 24, 0 },
        { 0, 24, 58, -10 },
        { -480, 0, -10, 490 },
    };

    [Fact]
    public void Hessian_of_Powell_equals_the_hand_Hessian_and_is_symmetric()
    {
        var h = AD.Hessian(new Powell(), X0);
        Assert.Equal(HandHessian, h);
        for (var i = 0; i < 4; i++)
            for (var j = 0; j < 4; j++) Assert.Equal(h[j, i], h[i, j]);
    }

    [Fact]
    public void Hessian_vector_product_is_H_times_v()
    {
        double[] v = [1, -2, 0.5, 3];
        var hv = AD.HessianVectorProduct(new Powell(), X0, v);
        for (var i = 0; i < 4; i++)
        {
            var expected = 0.0;
            for (var j = 0; j < 4; j++) expected += HandHessian[i, j] * v[j];
            Assert.Equal(expected, hv[i]);   // small integers and halves: exact
        }
    }

    [Fact]
    public void Hessian_of_a_transcendental_function_is_symmetric_to_rounding()
    {
        // Mixed partials are computed along different paths (column j seeds xⱼ): equal up to a few ulps of the entries.
        var h = AD.Hessian(new SinExp(), [0.7, -1.3]);
        Assert.Equal(h[0, 1], h[1, 0], 1e-14);
        // ∂²/∂x² [sin(xy) + eˣ/(1+y²)] = −y² sin(xy) + eˣ/(1+y²)
        double x = 0.7, y = -1.3;
        Assert.Equal(-y * y * Math.Sin(x * y) + Math.Exp(x) / (1 + y * y), h[0, 0], 1e-14);
    }
}
