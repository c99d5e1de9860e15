// Lesson: the facade's Jacobian is the mode's Jacobian, nothing more. Forward mode builds it k columns per pass, reverse
// mode one row per backward sweep; the facade calls them with a closure over the function that checks the
// function's outputs inside the first pass instead of evaluating it once more. So: the same numbers as
// ForwardMode.JacobianChunked / ReverseMode.Jacobian bit for bit, misbehaving functions still named, f never evaluated
// in plain double, and no more allocated than the modes themselves allocate, plus one closure.
using System.Numerics;
using CsCheck;
using DualGrad.Forward;
using DualGrad.Reverse;

namespace DualGrad.Properties.Facade;

public class JacobianTests
{
    // Shapes on every path: one Chunk4 pass (n ≤ 4), one Chunk8 pass, several passes with a partial last chunk.
    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 7)]
    [InlineData(3, 2)]
    [InlineData(4, 4)]
    [InlineData(5, 3)]
    [InlineData(9, 1)]
    [InlineData(17, 12)]
    public void Facade_Jacobians_equal_the_modes_called_directly(int n, int m) =>
        Gen.Double[-2, 2].Array[n].Sample(x =>
        {
            var f = new Dense(m);
            var forward = n <= 4
                ? ForwardMode.JacobianChunked<Chunk4>(f.Invoke, x, m)
                : ForwardMode.JacobianChunked<Chunk8>(f.Invoke, x, m);
            var reverse = ReverseMode.Jacobian<double>(f.Invoke, x, m);
            Assert.Equal(forward, AD.Jacobian(f, x, Mode.Forward));
            Assert.Equal(forward, AD.Jacobian(new DenseStruct(m), x, Mode.Forward));
            Assert.Equal(reverse, AD.Jacobian(f, x, Mode.Reverse));
            Assert.Equal(reverse, AD.Jacobian((IVectorFunction)new DenseStruct(m), (ReadOnlySpan<double>)x, Mode.Reverse));
            Assert.Equal(AD.ChooseMode(n, m) == Mode.Forward ? forward : reverse, AD.Jacobian(f, x));
        }, iter: 10);

    [Theory]
    [InlineData(Mode.Forward)]
    [InlineData(Mode.Reverse)]
    public void Misbehaving_functions_are_named_in_either_mode(Mode mode)
    {
        double[] z = [1, -1];
        var forgot = Assert.Throws<ArgumentException>(() => AD.Jacobian(new Writes(3, 2), z, mode));
        Assert.Equal("f", forgot.ParamName);
        Assert.Contains("did not write output 2 of its 3 outputs", forgot.Message);
        var past = Assert.Throws<ArgumentException>(() => AD.Jacobian(new Writes(2, 3), z, mode));
        Assert.Equal("f", past.ParamName);
        Assert.Contains("more outputs than its OutputLength (2)", past.Message);
        Assert.IsType<IndexOutOfRangeException>(past.InnerException);
    }

    [Theory]
    [InlineData(Mode.Forward)]
    [InlineData(Mode.Reverse)]
    public void The_function_is_not_evaluated_once_more_in_double(Mode mode)
    {
        var f = new CountsPlainCalls();
        AD.Jacobian(f, [0.5, 2.0], mode);
        Assert.Equal(0, f.PlainCalls);
    }

    [Theory]
    [InlineData(3, 1000)]
    [InlineData(20, 50)]
    public void A_Jacobian_allocates_what_the_mode_allocates_plus_one_closure(int n, int m)
    {
        var x = Enumerable.Range(0, n).Select(i => Math.Sin(i + 1.0)).ToArray();
        var f = new DenseStruct(m);
        VectorFunc<ChunkDual<Chunk8>> d8 = Dense.Generic;
        VectorFunc<ChunkDual<Chunk4>> d4 = Dense.Generic;
        var direct = Allocation.Least(() => _ = n <= 4 ? ForwardMode.JacobianChunked(d4, x, m) : ForwardMode.JacobianChunked(d8, x, m));
        var facade = Allocation.Least(() => AD.Jacobian(f, x, Mode.Forward));
        Assert.InRange(facade - direct, 0, 256);   // the checking closure and its delegate
        VectorFunc<Var<double>> dv = Dense.Generic;
        direct = Allocation.Least(() => ReverseMode.Jacobian(dv, x, m));
        facade = Allocation.Least(() => AD.Jacobian(f, x, Mode.Reverse));
        Assert.InRange(facade - direct, 0, 256);
    }

    // yⱼ = tanh(Σᵢ cos(i + 2j + 1)·xᵢ) + xⱼ mod n · x₀: every entry different, a product where n is 1.
    private sealed class Dense(int m) : IVectorFunction
    {
        public int OutputLength(int inputLength) => m;

        public void Invoke<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T> => Generic(x, y);

        public static void Generic<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T>
        {
            for (var j = 0; j < y.Length; j++)
            {
                var s = T.Zero;
                for (var i = 0; i < x.Length; i++) s += T.CreateChecked(Math.Cos(i + 2 * j + 1)) * x[i];
                y[j] = T.Tanh(s) + x[j % x.Length] * x[0];
            }
        }
    }

    private readonly struct DenseStruct(int m) : IVectorFunction
    {
        public int OutputLength(int inputLength) => m;

        public void Invoke<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T> => Dense.Generic(x, y);
    }

    /// <summary>Declares <paramref name="declared"/> outputs and writes <paramref name="written"/>.</summary>
    private sealed class Writes(int declared, int written) : IVectorFunction
    {
        public int OutputLength(int inputLength) => declared;

        public void Invoke<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T>
        {
            for (var i = 0; i < written; i++) y[i] = x[0] * T.CreateChecked(i + 1);
        }
    }
}
