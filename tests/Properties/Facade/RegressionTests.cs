// Bugs the course's random properties found, each reduced to a minimal failing test (see the report in README.md).
using System.Numerics;

namespace DualGrad.Properties.Facade;

public class RegressionTests
{
    /// <summary>f(x₀, x₁) = (1 + a²)^tanh(x₀) with a = atan2π(x₁, 1), the shrunk counterexample from L6_SecondOrder.</summary>
    private sealed class PowWithVariableExponent : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
        {
            var a = T.Atan2Pi(x[1], T.One);
            return T.Pow(T.One + a * a, T.Tanh(x[0]));
        }
    }

    [Fact]
    public void Mixed_partial_of_pow_at_an_integer_valued_exponent()
    {
        // Found by L6_SecondOrder (Hessian symmetry, seed 2BJ-IH6Adto1). At x₀ = 0 the exponent tanh(x₀) has the integer
        // value 0. By hand ∂²f/∂x₀∂x₁ = sech²(x₀)·(1 + a²)^(t−1)·2a·a'·(1 + t·ln(1 + a²)) with t = tanh x₀; at (0, −1):
        // a = −1/4, a' = 1/(π·2) ⇒ 2a·a'/(1 + a²) = −1/(4π·(17/16)) = −4/(17π) ≈ −0.07490. H[0,1] (seed x₁) agrees;
        // H[1,0] (seed x₀, the exponent's direction) came out exactly 0: Rules.Pow takes ∂/∂x from PowConstant, whose
        // integer fast path (IsSmallInteger) accepts a nested exponent Dual(0, 1) as "integer in every part" (its tangent
        // 1 is an integer too) and returns PowInteger(x, 0) = (1, 0), dropping the exponent's tangent.
        var expected = -4 / (17 * Math.PI);
        var h = AD.Hessian(new PowWithVariableExponent(), [0.0, -1.0]);
        Assert.Equal(expected, h[0, 1], 1e-14);
        Assert.Equal(expected, h[1, 0], 1e-14);   // failed (0) in the build the course first ran against
    }
}
