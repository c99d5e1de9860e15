// Lesson: the allocation-free entry points. AD.ValueAndGradient(f, x, gradient) writes into the caller's span and is
// generic in the function's type (a struct function is called directly, without a delegate). They must give exactly
// what the array-returning overloads give, and exactly what ForwardMode/ReverseMode give when called directly: the
// facade runs ForwardMode's own chunked loop through the function's type instead of a delegate, so the results are
// compared bit for bit.
using System.Numerics;
using CsCheck;
using DualGrad.Forward;
using DualGrad.Reverse;
using DualGrad.Properties.Notebook;
using DualGrad.Properties.Walkthrough;

namespace DualGrad.Properties.Facade;

public class DestinationTests
{
    private static readonly double[] X0 = NotebookPrints.X;
    private static readonly double[] Grad0 = NotebookPrints.Gradient;

    [Theory]
    [InlineData(Mode.Auto)]
    [InlineData(Mode.Forward)]
    [InlineData(Mode.Reverse)]
    public void Span_overloads_give_the_notebook_gradient_for_class_and_struct_functions(Mode mode)
    {
        var g = new double[4];
        Assert.Equal(NotebookPrints.F, AD.ValueAndGradient(new Powell(), X0, g, mode));
        Assert.Equal(Grad0, g);
        Array.Clear(g);
        Assert.Equal(NotebookPrints.F, AD.ValueAndGradient(new PowellStruct(), X0, g, mode));
        Assert.Equal(Grad0, g);
        Span<double> onStack = stackalloc double[4];
        AD.Gradient(new PowellStruct(), X0, onStack, mode);
        Assert.Equal(Grad0, onStack.ToArray());
        AD.Gradient((IScalarFunction)new Powell(), X0, onStack, mode);
        Assert.Equal(Grad0, onStack.ToArray());
    }

    // Sizes on every path of the forward loop: one Chunk4 pass (n ≤ 4), one Chunk8 pass (n ≤ 8), several passes with a
    // partial last chunk, and past the stack limit (n > 128, seeded on the heap).
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(97)]
    [InlineData(129)]
    public void Span_overloads_equal_the_array_overloads_and_the_modes_called_directly(int n) =>
        Gen.Double[-2, 2].Array[n].Sample(x =>
        {
            foreach (var mode in new[] { Mode.Auto, Mode.Forward, Mode.Reverse })
            {
                var (value, expected) = AD.ValueAndGradient(new Mixed(), x, mode);
                var g = new double[n];
                Assert.Equal(value, AD.ValueAndGradient(new MixedStruct(), x, g, mode));
                Assert.Equal(expected, g);
                Array.Clear(g);
                AD.Gradient(new Mixed(), x, g, mode);
                Assert.Equal(expected, g);
            }

            var direct = new double[n];
            var facade = new double[n];
            var directValue = n <= 4
                ? ForwardMode.GradientChunked<Chunk4>(Mixed.Generic, x, direct)
                : ForwardMode.GradientChunked<Chunk8>(Mixed.Generic, x, direct);
            Assert.Equal(directValue, AD.ValueAndGradient(new MixedStruct(), x, facade, Mode.Forward));
            Assert.Equal(direct, facade);

            Assert.Equal(ReverseMode.ValueAndGradient<double>(Mixed.Generic, x, direct), AD.ValueAndGradient(new MixedStruct(), x, facade, Mode.Reverse));
            Assert.Equal(direct, facade);
        }, iter: 20);

    [Theory]
    [InlineData(Mode.Forward)]
    [InlineData(Mode.Reverse)]
    public void A_destination_of_the_wrong_length_is_refused_by_name(Mode mode)
    {
        foreach (var length in new[] { 0, 3, 5 })
        {
            var e = Assert.Throws<ArgumentException>(() => AD.ValueAndGradient(new Powell(), X0, new double[length], mode));
            Assert.Equal("gradient", e.ParamName);
            Assert.Contains($"gradient has length {length}, but x has length 4", e.Message);
            Assert.Equal("gradient", Assert.Throws<ArgumentException>(() => AD.Gradient(new PowellStruct(), X0, new double[length], mode)).ParamName);
        }
    }

    [Fact]
    public void The_other_arguments_are_checked_as_in_the_array_overloads()
    {
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => AD.ValueAndGradient((IScalarFunction)null!, X0, new double[4])).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => AD.Gradient(new Powell(), [], new double[0])).ParamName);
        var e = Assert.Throws<ArgumentException>(() => AD.Gradient(new PowellStruct(), [3, double.NaN, 0, 1], new double[4]));
        Assert.Equal("x", e.ParamName);
        Assert.Contains("x[1]", e.Message);
        var g = new double[1];
        Assert.Throws<NonFiniteResultException>(() => AD.Gradient(new SqrtAtZero(), [0.0], g, Mode.Forward, new GradientOptions { DiagnoseNonFiniteResult = true }));
    }

    // Bytes, not time (timing belongs to FacadeBenchmarks): the stack up to 128 inputs, the shared pool above.
    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(128)]
    [InlineData(129)]
    [InlineData(1000)]
    public void A_forward_gradient_into_a_span_allocates_nothing(int n)
    {
        var x = Enumerable.Range(0, n).Select(i => Math.Sin(i + 1.0)).ToArray();
        var g = new double[n];
        IScalarFunction asInterface = new Mixed();
        Assert.Equal(0, Allocation.Least(() => AD.ValueAndGradient(new MixedStruct(), x, g, Mode.Forward)));
        Assert.Equal(0, Allocation.Least(() => AD.ValueAndGradient(asInterface, x, g, Mode.Forward)));
    }

    private readonly struct PowellStruct : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T> => NotebookFunctions.Powell(x);
    }

    // Products, a transcendental and a division, every input used: the partials differ in every lane.
    private sealed class Mixed : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T> => Generic(x);

        public static T Generic<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
        {
            var sum = T.Zero;
            for (var i = 0; i < x.Length; i++)
                sum += T.CreateChecked(i % 3 + 1) * x[i] * x[(i + 1) % x.Length] + T.Sin(x[i]) / (T.CreateChecked(2) + x[i] * x[i]);
            return sum;
        }
    }

    private readonly struct MixedStruct : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T> => Mixed.Generic(x);
    }

    private sealed class SqrtAtZero : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T> => T.Sqrt(x[0]);
    }
}
