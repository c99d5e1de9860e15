// Lesson: one function, every entry point, both modes. The notebook's f at (3, −1, 0, 1) has value 215 and gradient
// [306, −144, −18, −310] (notebook cell "f.backward()"); here the same answer comes from forward mode, reverse mode and
// Mode.Auto, through every overload. The gradient of a polynomial with small integer coefficients is computed exactly in
// float64 (every intermediate is an integer below 2⁵³), so these comparisons are exact.
using DualGrad.Forward;
using DualGrad.Reverse;

namespace DualGrad.Properties.Facade;

public class EntryPointTests
{
    private static readonly double[] X0 = [3, -1, 0, 1];
    private static readonly double[] Grad0 = [306, -144, -18, -310];

    [Theory]
    [InlineData(Mode.Auto)]
    [InlineData(Mode.Forward)]
    [InlineData(Mode.Reverse)]
    public void Gradient_of_Powell_is_exact_in_every_mode(Mode mode)
    {
        Assert.Equal(Grad0, AD.Gradient(new Powell(), X0, mode));
        Assert.Equal(Grad0, AD.Gradient(new Powell(), (ReadOnlySpan<double>)X0, mode));
        var (value, gradient) = AD.ValueAndGradient(new Powell(), X0, mode);
        Assert.Equal(215, value);
        Assert.Equal(Grad0, gradient);
    }

    [Fact]
    public void Results_are_fresh_arrays_the_caller_owns()
    {
        var a = AD.Gradient(new Powell(), X0);
        var b = AD.Gradient(new Powell(), X0);
        Assert.NotSame(a, b);
        a[0] = 0;
        Assert.Equal(306, b[0]);
        Assert.Equal([3.0, -1, 0, 1], X0);   // the input is not touched
    }

    [Theory]
    [InlineData(Mode.Forward)]
    [InlineData(Mode.Reverse)]
    public void Gradient_of_a_transcendental_function_matches_the_hand_derivative(Mode mode)
    {
        // Hand formula and AD evaluate the same expressions in a different order: a few ulps of the largest term.
        double[] x = [0.7, -1.3];
        var expected = SinExp.GradientByHand(x[0], x[1]);
        var actual = AD.Gradient(new SinExp(), x, mode);
        for (var i = 0; i < 2; i++) Assert.Equal(expected[i], actual[i], 1e-14);
    }

    [Fact]
    public void Single_mode_lambdas_give_the_same_gradient()
    {
        var reverse = AD.Gradient((ReadOnlySpan<Var<double>> x) => (x[0] + x[1]) * x[1], [2.0, 3.0]);
        var forward = AD.Gradient((ReadOnlySpan<Dual<double>> x) => (x[0] + x[1]) * x[1], [2.0, 3.0]);
        Assert.Equal([3.0, 8.0], reverse);   // ∂/∂x = y = 3, ∂/∂y = x + 2y = 8
        Assert.Equal([3.0, 8.0], forward);
    }

    [Fact]
    public void Derivative_and_second_derivative_of_scalar_functions()
    {
        // d/dx sin(x²) = 2x cos(x²); d²/dx² = 2cos(x²) − 4x² sin(x²). One or two rounding steps apart: 1e-14.
        var x = 0.9;
        Assert.Equal(2 * x * Math.Cos(x * x), AD.Derivative(d => Dual<double>.Sin(d * d), x), 1e-14);
        Assert.Equal(2 * Math.Cos(x * x) - 4 * x * x * Math.Sin(x * x), AD.SecondDerivative(d => Dual<Dual<double>>.Sin(d * d), x), 1e-14);
        // The IScalarFunction overloads use the function's first input: f(x, _) on one input.
        var cubic = new Cubic();
        Assert.Equal(27, AD.Derivative(cubic, 3));       // 3x² at 3
        Assert.Equal(18, AD.SecondDerivative(cubic, 3)); // 6x at 3
    }

    private sealed class Cubic : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : System.Numerics.IFloatingPointIeee754<T> => x[0] * x[0] * x[0];
    }

    [Theory]
    [InlineData(Mode.Auto)]
    [InlineData(Mode.Forward)]
    [InlineData(Mode.Reverse)]
    public void Jacobian_of_the_notebook_inner_map(Mode mode)
    {
        // x(z) at z = (1, −1): J[i, j] = ∂xᵢ/∂zⱼ = [[1, −1], [2, 0], [0, −2], [1, 1]] (the notebook prints its transpose).
        var j = AD.Jacobian(new XOfZ(), [1.0, -1], mode);
        Assert.Equal(new double[,] { { 1, -1 }, { 2, 0 }, { 0, -2 }, { 1, 1 } }, j);
        Assert.Equal([2.0, 1, 1, 0], AD.Evaluate(new XOfZ(), [1.0, -1]));
    }

    [Fact]
    public void Jvp_and_Vjp_are_the_Jacobian_times_a_vector()
    {
        double[] z = [1, -1], v = [0.5, 2], u = [344, 348, 226, -330];
        var jac = AD.Jacobian(new XOfZ(), z);
        var jv = AD.Jvp(new XOfZ(), z, v);
        var ujt = AD.Vjp(new XOfZ(), z, u);
        for (var i = 0; i < 4; i++) Assert.Equal(jac[i, 0] * v[0] + jac[i, 1] * v[1], jv[i]);
        // The notebook's two-step chain rule: grad_z = Jᵀ grad_x with grad_x f = [344, 348, 226, −330] gives [710, −1126].
        Assert.Equal([710.0, -1126], ujt);
        Assert.Equal([710.0, -1126], AD.Gradient(new PowellOfXOfZ(), z));
    }

    [Fact]
    public void NumericGradient_reproduces_the_notebook_difference_quotient()
    {
        // With h = 1e-3, float64 central differences err by the truncation term h²f'''/6 only:
        // REFERENCE.md gives [306.00008, −144.000004, −18.000032, −310.00008]; printed to 1e-5, so compare at 1e-5.
        var g = AD.NumericGradient(new Powell(), X0, 1e-3);
        double[] expected = [306.00008, -144.000004, -18.000032, -310.00008];
        for (var i = 0; i < 4; i++) Assert.Equal(expected[i], g[i], 1e-5);
        // The default step (ε^(1/3) scaled) balances truncation and rounding: error ~ ε^(2/3)·|f| ≈ 1e-8 relative.
        var auto = AD.NumericGradient(new Powell(), X0);
        for (var i = 0; i < 4; i++) Assert.True(Math.Abs(auto[i] - Grad0[i]) < 1e-6 * 310, $"component {i}: {auto[i]}");
    }
}
