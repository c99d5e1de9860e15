// Lesson: the chain rule is linear in the tangent, so several directions can ride through one evaluation. A chunked
// dual number carries k tangents side by side; each lane sees exactly the arithmetic a single-direction pass would
// (the same local derivative times the same tangent, the same sums in the same order), so a gradient in ⌈n/k⌉ passes
// equals the gradient in n passes, and a Jacobian comes out k columns per pass. Linearity also gives the directional
// derivative ∇f·v and the Jacobian-vector product J·v in a single pass seeded with v.
//
// Why bitwise equality between chunked and single passes: lane i of a chunked pass computes, operation by operation,
// fl(∂·ṫ) and fl(ṫ₁ + ṫ₂) on the same doubles as the single pass seeded in direction i (SIMD lanes are IEEE double
// operations, and nothing is fused or reassociated). The only possible difference is the sign of a zero tangent
// (the single pass keeps a zero tangent as is, the chunk multiplies it), and -0 == +0. So no ulp of slack is needed.
using System.Numerics;
using DualGrad.Forward;
using D = DualGrad.Forward.Dual<double>;

using DualGrad.Properties.Reverse;

namespace DualGrad.Properties.Forward;

public sealed class ChunkTests
{
    /// <summary>A cyclic coupling through transcendental primitives, nonzero in every input even for n = 1.</summary>
    private static T Coupled<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
    {
        var n = x.Length;
        var sum = T.Zero;
        for (var i = 0; i < n; i++)
            sum += T.Exp(T.Sin(x[i])) * x[(i + 1) % n] + T.Atan(x[i] * x[(i + 2) % n]) + T.Sqrt(T.One + x[i] * x[i]);
        return sum;
    }

    /// <summary>∂/∂xᵢ of Rosenbrock's function, by hand.</summary>
    private static double[] RosenbrockGradient(double[] x)
    {
        var g = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            if (i + 1 < x.Length) g[i] += -400 * x[i] * (x[i + 1] - x[i] * x[i]) - 2 * (1 - x[i]);
            if (i > 0) g[i] += 200 * (x[i] - x[i - 1] * x[i - 1]);
        }
        return g;
    }

    private static double[] Point(int n, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => Math.Round(random.NextDouble() * 4 - 2, 3))];
    }

    public static TheoryData<int> Sizes() => [1, 3, 4, 5, 9, 17, 129];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Chunked_gradient_of_Rosenbrock_equals_n_single_passes_bitwise(int n)
    {
        var x = Point(n, 1000 + n);
        var single = Filled(n);
        var by4 = Filled(n);
        var by8 = Filled(n);
        var value = ForwardMode.Gradient(ReverseTestFunctions.Rosenbrock<D>, x, single);
        Assert.Equal(value, ForwardMode.GradientChunked<Chunk4>(ReverseTestFunctions.Rosenbrock<ChunkDual<Chunk4>>, x, by4));
        Assert.Equal(value, ForwardMode.GradientChunked<Chunk8>(ReverseTestFunctions.Rosenbrock<ChunkDual<Chunk8>>, x, by8));
        Assert.Equal(ReverseTestFunctions.Rosenbrock<double>(x), value);
        AssertBitwise(single, by4, $"Chunk4, n = {n}");
        AssertBitwise(single, by8, $"Chunk8, n = {n}");

        // And the single passes are Rosenbrock's gradient by hand. Its terms may cancel, so compare to 1e-13 of the sum
        // of the terms' magnitudes (each term carries a few roundings of ~1e-16 relative to that size).
        var hand = RosenbrockGradient(x);
        for (var i = 0; i < n; i++)
        {
            var scale = 0.0;
            if (i + 1 < n) scale += 400 * Math.Abs(x[i]) * (Math.Abs(x[i + 1]) + x[i] * x[i]) + 2 * (1 + Math.Abs(x[i]));
            if (i > 0) scale += 200 * (Math.Abs(x[i]) + x[i - 1] * x[i - 1]);
            Near.Relative(hand[i], single[i], 1e-13, $"∂f/∂x{i} (n = {n})", scale);
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Chunked_gradient_of_a_transcendental_function_equals_n_single_passes_bitwise(int n)
    {
        var x = Point(n, 2000 + n);
        var single = Filled(n);
        var by4 = Filled(n);
        var by8 = Filled(n);
        var value = ForwardMode.Gradient(Coupled<D>, x, single);
        Assert.Equal(value, ForwardMode.GradientChunked<Chunk4>(Coupled<ChunkDual<Chunk4>>, x, by4));
        Assert.Equal(value, ForwardMode.GradientChunked<Chunk8>(Coupled<ChunkDual<Chunk8>>, x, by8));
        Assert.All(single, g => Assert.True(g != 0 && double.IsFinite(g), $"a partial is {g}: the test would prove little"));
        AssertBitwise(single, by4, $"Chunk4, n = {n}");
        AssertBitwise(single, by8, $"Chunk8, n = {n}");
    }

    // y = G(x) from ℝ⁵ to ℝ³; five inputs need two Chunk4 passes (4 + 1 lanes) and one Chunk8 pass (5 of 8 lanes).
    private static void G<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T>
    {
        y[0] = x[0] * x[1] + T.Sin(x[2]);
        y[1] = T.Exp(x[3]) * x[4] - x[0] * x[0];
        y[2] = x[1] / x[4] + T.Log(x[2]);
    }

    private static double[,] GJacobianByHand(double[] x) => new double[,]
    {
        { x[1], x[0], Math.Cos(x[2]), 0, 0 },
        { -2 * x[0], 0, 0, Math.Exp(x[3]) * x[4], Math.Exp(x[3]) },
        { 0, 1 / x[4], 1 / x[2], 0, -x[1] / (x[4] * x[4]) },
    };

    private static readonly double[] GPoint = [0.7, -1.3, 2.1, 0.4, 1.9];

    [Fact]
    public void Chunked_Jacobian_matches_the_Jacobian_by_hand()
    {
        var hand = GJacobianByHand(GPoint);
        var by4 = ForwardMode.JacobianChunked<Chunk4>(G<ChunkDual<Chunk4>>, GPoint, 3);
        var by8 = ForwardMode.JacobianChunked<Chunk8>(G<ChunkDual<Chunk8>>, GPoint, 3);
        Assert.Equal(3, by4.GetLength(0));
        Assert.Equal(5, by4.GetLength(1));
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 5; j++)
            {
                // Each entry is one rule times one tangent, two roundings from the hand formula; exact zeros stay exact.
                Near.Relative(hand[i, j], by4[i, j], 1e-13, $"J[{i}, {j}] by Chunk4");
                Assert.Equal(by4[i, j], by8[i, j]);
            }
    }

    [Fact]
    public void Jacobian_vector_product_is_J_times_v_in_one_pass()
    {
        double[] v = [0.5, -1.25, 2, 0.75, -0.375];
        var y = new double[3];
        var jv = new double[3];
        ForwardMode.Jvp(G<D>, GPoint, v, y, jv);

        var expectedY = new double[3];
        G<double>(GPoint, expectedY);
        Assert.Equal(expectedY, y);

        var hand = GJacobianByHand(GPoint);
        for (var i = 0; i < 3; i++)
        {
            double expected = 0, scale = 0;
            for (var j = 0; j < 5; j++)
            {
                expected += hand[i, j] * v[j];
                scale += Math.Abs(hand[i, j] * v[j]);
            }
            // Summed in a different order than the pass sums them: 1e-13 of the sum of |terms|.
            Near.Relative(expected, jv[i], 1e-13, $"(J·v)[{i}]", scale);
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(9)]
    public void Directional_derivative_is_the_gradient_dotted_with_v_in_one_pass(int n)
    {
        var x = Point(n, 3000 + n);
        var v = Point(n, 4000 + n);
        var gradient = new double[n];
        var value = ForwardMode.Gradient(Coupled<D>, x, gradient);
        double expected = 0, scale = 0;
        for (var i = 0; i < n; i++)
        {
            expected += gradient[i] * v[i];
            scale += Math.Abs(gradient[i] * v[i]);
        }
        var (atX, along) = ForwardMode.DirectionalDerivative(Coupled<D>, x, v);
        Assert.Equal(value, atX);
        // One pass sums the n contributions in the function's order, the dot product in index order.
        Near.Relative(expected, along, 1e-13, $"∇f·v (n = {n})", scale);
    }

    [Fact]
    public void Directional_derivative_along_a_basis_vector_is_that_partial_exactly()
    {
        var x = Point(5, 5);
        var gradient = new double[5];
        ForwardMode.Gradient(ReverseTestFunctions.Rosenbrock<D>, x, gradient);
        for (var i = 0; i < 5; i++)
        {
            var e = new double[5];
            e[i] = 1;
            Assert.Equal(gradient[i], ForwardMode.DirectionalDerivative(ReverseTestFunctions.Rosenbrock<D>, x, e).Derivative);
        }
    }

    [Fact]
    public void Chunk_seeds_are_unit_vectors_in_their_own_lane()
    {
        for (var lane = 0; lane < 4; lane++)
            for (var k = 0; k < 4; k++)
                Assert.Equal(lane == k ? 1.0 : 0.0, Chunk4.Get(Chunk4.Basis(lane), k));
        for (var lane = 0; lane < 8; lane++)
            for (var k = 0; k < 8; k++)
                Assert.Equal(lane == k ? 1.0 : 0.0, Chunk8.Get(Chunk8.Basis(lane), k));
    }

    private static double[] Filled(int n) => Enumerable.Repeat(double.NaN, n).ToArray();

    private static void AssertBitwise(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(expected[i] == actual[i] && (expected[i] == 0 || BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i])),
                $"{what}: gradient[{i}] is {actual[i]:R}, the single pass gave {expected[i]:R}.");
    }
}
