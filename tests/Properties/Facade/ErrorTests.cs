// Lesson: a derivative of garbage is garbage, so the facade refuses bad input loudly, naming the parameter and the
// problem, and can name the first primitive that produced a NaN (here: the log of a negative number).
using System.Numerics;

namespace DualGrad.Properties.Facade;

public class ErrorTests
{
    private static readonly double[] X0 = [3, -1, 0, 1];

    [Fact]
    public void Null_function_is_an_ArgumentNullException_named_f()
    {
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => AD.Gradient((IScalarFunction)null!, X0)).ParamName);
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => AD.Hessian(null!, X0)).ParamName);
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => AD.Jacobian((IVectorFunction)null!, X0)).ParamName);
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => AD.CheckGradient(null!, X0)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => AD.Gradient(new Powell(), (double[])null!)).ParamName);
    }

    [Theory]
    [InlineData(Mode.Forward)]
    [InlineData(Mode.Reverse)]
    public void Empty_x_is_refused(Mode mode)
    {
        var e = Assert.Throws<ArgumentException>(() => AD.Gradient(new Powell(), Array.Empty<double>(), mode));
        Assert.Equal("x", e.ParamName);
        Assert.Contains("empty", e.Message);
        Assert.Throws<ArgumentException>(() => AD.Hessian(new Powell(), Array.Empty<double>()));
        Assert.Throws<ArgumentException>(() => AD.NumericGradient(new Powell(), Array.Empty<double>()));
    }

    [Theory]
    [InlineData(0, double.NaN)]
    [InlineData(2, double.PositiveInfinity)]
    [InlineData(3, double.NegativeInfinity)]
    public void Non_finite_input_names_its_index(int index, double bad)
    {
        var x = (double[])X0.Clone();
        x[index] = bad;
        var e = Assert.Throws<ArgumentException>(() => AD.Gradient(new Powell(), x));
        Assert.Equal("x", e.ParamName);
        Assert.Contains($"x[{index}]", e.Message);
        Assert.Throws<ArgumentException>(() => AD.Jacobian(new XOfZ(), [1.0, bad]));
        Assert.Throws<ArgumentException>(() => AD.Derivative(d => d * d, bad));
        // The documented opt-out: the NaN flows through and comes back as a value.
        var g = AD.Gradient(new Powell(), x, Mode.Reverse, new GradientOptions { AllowNonFiniteInput = true });
        Assert.Contains(g, v => !double.IsFinite(v));
    }

    [Fact]
    public void Direction_and_cotangent_of_the_wrong_length_are_refused()
    {
        Assert.Equal("v", Assert.Throws<ArgumentException>(() => AD.Jvp(new XOfZ(), [1.0, -1], [1.0, 2, 3])).ParamName);
        Assert.Equal("u", Assert.Throws<ArgumentException>(() => AD.Vjp(new XOfZ(), [1.0, -1], [1.0, 2])).ParamName);
        Assert.Equal("v", Assert.Throws<ArgumentException>(() => AD.HessianVectorProduct(new Powell(), X0, [1.0])).ParamName);
        Assert.Equal("v", Assert.Throws<ArgumentException>(() => AD.Jvp(new XOfZ(), [1.0, -1], [1.0, double.NaN])).ParamName);
    }

    [Fact]
    public void Misbehaving_vector_functions_are_named()
    {
        double[] z = [1, -1];
        var none = Assert.Throws<ArgumentException>(() => AD.Jacobian(new Bad(0, 0), z));
        Assert.Equal("f", none.ParamName);
        Assert.Contains("OutputLength", none.Message);
        Assert.Throws<ArgumentException>(() => AD.Jacobian(new Bad(-2, 0), z));
        var forgot = Assert.Throws<ArgumentException>(() => AD.Jvp(new Bad(3, 2), z, [1.0, 0]));   // writes 2 of 3
        Assert.Equal("f", forgot.ParamName);
        Assert.Contains("output 2", forgot.Message);
        var past = Assert.Throws<ArgumentException>(() => AD.Vjp(new Bad(2, 3), z, [1.0, 0]));     // writes 3 into 2
        Assert.Equal("f", past.ParamName);
        Assert.Throws<ArgumentException>(() => AD.Evaluate(new Bad(2, 3), z));
    }

    /// <summary>Declares <paramref name="declared"/> outputs and writes <paramref name="written"/>.</summary>
    private sealed class Bad(int declared, int written) : IVectorFunction
    {
        public int OutputLength(int inputLength) => declared;

        public void Invoke<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T>
        {
            for (var i = 0; i < written; i++) y[i] = x[0] * T.CreateChecked(i + 1);
        }
    }

    [Theory]
    [InlineData(Mode.Forward)]
    [InlineData(Mode.Reverse)]
    public void DiagnoseNonFiniteResult_names_the_log_of_a_negative(Mode mode)
    {
        var options = new GradientOptions { DiagnoseNonFiniteResult = true };
        // f = exp(x) + log(y − 2) at y = 1: the log is the first operation whose value is NaN.
        var e = Assert.Throws<NonFiniteResultException>(() => AD.Gradient(new LogOfShifted(), [0.5, 1.0], mode, options));
        Assert.Equal("Log", e.Primitive);
        Assert.True(e.Step >= 0);
        Assert.Contains("Log", e.Message);
        // Without the option the NaN value is returned, and the partial in y is NaN too (outside its domain a rule's
        // derivative is NaN like its value; 1/(y − 2) = −1 was returned before); the partial in x is exactly eˣ.
        var (value, gradient) = AD.ValueAndGradient(new LogOfShifted(), [0.5, 1.0], mode);
        Assert.True(double.IsNaN(value));
        Assert.True(double.IsNaN(gradient[1]));
        Assert.Equal(Math.Exp(0.5), gradient[0]);
        // At a good point nothing is thrown.
        Assert.Equal(1.0, AD.Gradient(new LogOfShifted(), [0.5, 3.0], mode, options)[1]);
    }

    private sealed class LogOfShifted : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T> => T.Exp(x[0]) + T.Log(x[1] - T.CreateChecked(2));
    }

    [Fact]
    public void Optimiser_and_minimize_argument_checks()
    {
        var state = OptimizerState.At([1.0, 2]);
        Assert.Equal("gradient", Assert.Throws<ArgumentException>(() => new GradientDescent(0.1).Step(state, [1.0])).ParamName);
        Assert.Throws<ArgumentNullException>(() => AD.Minimize(new Powell(), X0, null!));
        Assert.Throws<ArgumentException>(() => AD.Minimize(new Powell(), [double.NaN, 0, 0, 0], new GradientDescent(1e-3)));
    }
}
