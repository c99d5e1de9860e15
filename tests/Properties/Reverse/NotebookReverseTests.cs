// Lesson: the notebook's chain rule, pulled back. grad_x f comes from one backward sweep; the two-step chain rule
// J_x(z)ᵀ·grad_x f is a vector-Jacobian product seeded with grad_x f (PyTorch's grad_outputs); the one-step gradient
// of f(x(z)) pulls the same adjoints through both stages at once, so both give grad_z f = [710, -1126].
//
// Why exact equality: at these integer points every intermediate value (sums, products, the integer powers, which
// take the multiply-only path) and every adjoint (sums of products of such integers) is an integer far below 2⁵³,
// and IEEE double arithmetic on such integers is exact. No rounding happens anywhere, so the gradient is exact.
using DualGrad.Forward;
using DualGrad.Properties.Notebook;
using DualGrad.Reverse;

namespace DualGrad.Properties.Reverse;

public sealed class NotebookReverseTests
{
    private static readonly double[] Z = [1, -1];

    [Fact]
    public void Powell_gradient_at_the_notebook_point_is_exact()
    {
        var g = new double[4];
        var f = ReverseMode.ValueAndGradient<double>(NotebookFunctions.Powell, [3, -1, 0, 1], g);
        Assert.Equal(215, f);
        Precision.Exactly<double>([306, -144, -18, -310], g, "∇f(3, -1, 0, 1)");
    }

    [Fact]
    public void Powell_reverse_gradient_equals_the_hand_gradient_and_forward_mode_at_integer_points()
    {
        for (var i = 0; i < 200; i++)
        {
            var x = ReverseTestFunctions.IntegerPoint(i);
            var forward = new double[4];
            ForwardMode.Gradient(NotebookFunctions.Powell, x, forward);
            var reverse = ReverseMode.Gradient<double>(NotebookFunctions.Powell, x);
            Precision.Exactly<double>(ReverseTestFunctions.PowellGradientByHand(x), reverse, $"reverse ∇f({string.Join(", ", x)})");
            Precision.Exactly<double>(forward, reverse, $"reverse vs forward ∇f({string.Join(", ", x)})");
        }
    }

    // The notebook writes (·)**2 and (·)**4: through Pow with a constant exponent, reverse mode records one
    // PowConstant step each (its rule takes the multiply-only integer path), and must still be exact.
    [Fact]
    public void Powell_written_with_powers_has_the_same_exact_gradient()
    {
        var tape = new Tape<double>();
        var g = new double[4];
        for (var i = 0; i < 200; i++)
        {
            var x = ReverseTestFunctions.IntegerPoint(i);
            Assert.Equal(NotebookFunctions.Powell<double>(x), tape.ValueAndGradient(ReverseTestFunctions.PowellWithPow, x, g));
            Precision.Exactly<double>(ReverseTestFunctions.PowellGradientByHand(x), g, $"∇f({string.Join(", ", x)}) with Pow");
        }
        Assert.Contains(Enumerable.Range(0, tape.Count), i => tape.PrimitiveName(i) == nameof(Primitive.PowConstant));
    }

    [Fact]
    public void Chain_example_grad_x_at_x_of_z()
    {
        var x = new double[4];
        NotebookFunctions.XOfZ<double>(Z, x);
        Precision.Exactly<double>([2, 1, 1, 0], x, "x(1, -1)");
        var g = new double[4];
        var f = ReverseMode.ValueAndGradient<double>(NotebookFunctions.Powell, x, g);
        Assert.Equal(390, f);
        Precision.Exactly<double>([344, 348, 226, -330], g, "grad_x f at x = (2, 1, 1, 0)");
    }

    [Fact]
    public void Two_step_chain_rule_is_a_vjp_seeded_with_grad_x()
    {
        var x = new double[4];
        NotebookFunctions.XOfZ<double>(Z, x);
        var gradX = ReverseMode.Gradient<double>(NotebookFunctions.Powell, x);
        var y = new double[4];
        var gradZ = new double[2];
        ReverseMode.Vjp<double>(NotebookFunctions.XOfZ, Z, gradX, y, gradZ);
        Precision.Exactly<double>(x, y, "Vjp's outputs x(z)");
        Precision.Exactly<double>([710, -1126], gradZ, "J_x(z)ᵀ · grad_x f");
    }

    [Fact]
    public void One_step_gradient_of_f_of_x_of_z()
    {
        var gradZ = ReverseMode.Gradient<double>(z =>
        {
            var x = new Var<double>[4];
            NotebookFunctions.XOfZ(z, x);
            return NotebookFunctions.Powell<Var<double>>(x);
        }, Z);
        Precision.Exactly<double>([710, -1126], gradZ, "grad_z f(x(z)) in one step");
    }

    [Fact]
    public void Jacobian_of_x_of_z_row_by_row()
    {
        var j = ReverseMode.Jacobian<double>(NotebookFunctions.XOfZ, Z, 4);
        Assert.Equal(new double[,] { { 1, -1 }, { 2, 0 }, { 0, -2 }, { 1, 1 } }, j);
        var forward = ForwardMode.JacobianChunked<Chunk4>(NotebookFunctions.XOfZ, Z, 4);
        Assert.Equal(forward, j);
    }

    // The vector-Jacobian product with any cotangent u equals uᵀJ from the Jacobian (here with integer u: exact).
    [Theory]
    [InlineData(1, 0, 0, 0)]
    [InlineData(0, 0, 0, 1)]
    [InlineData(3, -2, 5, 7)]
    public void Vjp_with_any_cotangent_equals_u_transpose_J(double u0, double u1, double u2, double u3)
    {
        double[] u = [u0, u1, u2, u3];
        var j = ReverseMode.Jacobian<double>(NotebookFunctions.XOfZ, Z, 4);
        var vjp = new double[2];
        ReverseMode.Vjp<double>(NotebookFunctions.XOfZ, Z, u, new double[4], vjp);
        for (var k = 0; k < 2; k++)
        {
            var expected = 0.0;
            for (var r = 0; r < 4; r++) expected += u[r] * j[r, k];
            Assert.Equal(expected, vjp[k]);
        }
    }
}
