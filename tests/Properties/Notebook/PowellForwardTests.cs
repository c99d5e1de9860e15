// Lesson: the chain rule on the notebook's own numbers, pushed forward. Forward mode seeds one input direction at a
// time and reads ∂f/∂xᵢ off the tangent; for the composition f(x(z)) the Jacobian of x(z) carries the tangent through,
// so ∇_z f = Jᵀ ∇_x f, and one forward pass per z-direction over f∘x gives the same numbers in one step.
//
// Why exact equality: at these points every input is a small integer, and f is built from +, - and · only (powers are
// written as products), so every intermediate value and tangent is an integer of at most a few thousand, far below
// 2⁵³. Each operation is then exact in float64 and the float64 result is the mathematical one: a wrong rule or a wrong
// seed is off by an integer, not by an ulp, so the comparison has no tolerance.
using DualGrad.Forward;

namespace DualGrad.Properties.Notebook;

public sealed class PowellForwardTests
{
    private static readonly double[] NotebookPoint = [3, -1, 0, 1];
    private static readonly double[] NotebookGradient = [306, -144, -18, -310];
    private static readonly double[] ChainZ = [1, -1];
    private static readonly double[] ChainX = [2, 1, 1, 0];
    private static readonly double[] ChainGradX = [344, 348, 226, -330];
    private static readonly double[] ChainGradZ = [710, -1126];

    // J[i, j] = ∂xᵢ/∂zⱼ at z = (1, -1): x1 = z1 - z2, x2 = z1², x3 = z2², x4 = z1² + z1 z2.
    private static readonly double[,] ChainJacobian = { { 1, -1 }, { 2, 0 }, { 0, -2 }, { 1, 1 } };

    [Fact]
    public void Powell_on_doubles_is_215_at_the_notebook_point()
    {
        Assert.Equal(215.0, NotebookFunctions.Powell<double>(NotebookPoint));
    }

    [Fact]
    public void Forward_gradient_is_the_notebooks_306_minus144_minus18_minus310()
    {
        var gradient = new double[4];
        var value = ForwardMode.Gradient(NotebookFunctions.Powell<Dual<double>>, NotebookPoint, gradient);
        Assert.Equal(215.0, value);
        Assert.Equal(NotebookGradient, gradient);
    }

    [Fact]
    public void Chunked_forward_gradient_is_the_notebooks_in_one_pass_of_four_and_of_eight()
    {
        var by4 = new double[4];
        var by8 = new double[4];
        Assert.Equal(215.0, ForwardMode.GradientChunked<Chunk4>(NotebookFunctions.Powell<ChunkDual<Chunk4>>, NotebookPoint, by4));
        Assert.Equal(215.0, ForwardMode.GradientChunked<Chunk8>(NotebookFunctions.Powell<ChunkDual<Chunk8>>, NotebookPoint, by8));
        Assert.Equal(NotebookGradient, by4);
        Assert.Equal(NotebookGradient, by8);
    }

    [Fact]
    public void Each_partial_is_one_seeded_pass_of_the_dual_number()
    {
        // The lesson spelled out: seed xᵢ with tangent 1 and the others with 0; the output's tangent is ∂f/∂xᵢ.
        for (var i = 0; i < 4; i++)
        {
            var seeded = new Dual<double>[4];
            for (var j = 0; j < 4; j++) seeded[j] = new(NotebookPoint[j], i == j ? 1.0 : 0.0);
            var y = NotebookFunctions.Powell<Dual<double>>(seeded);
            Assert.Equal(215.0, y.Value);
            Assert.Equal(NotebookGradient[i], y.Tangent);
        }
    }

    [Fact]
    public void Inner_map_sends_z_1_minus1_to_x_2_1_1_0_where_f_is_390()
    {
        var x = new double[4];
        NotebookFunctions.XOfZ<double>(ChainZ, x);
        Assert.Equal(ChainX, x);
        Assert.Equal(390.0, NotebookFunctions.Powell<double>(x));
        Assert.Equal(390.0, NotebookFunctions.PowellOfZ<double>(ChainZ));
    }

    [Fact]
    public void Gradient_in_x_at_the_chain_point_is_344_348_226_minus330()
    {
        var gradient = new double[4];
        Assert.Equal(390.0, ForwardMode.Gradient(NotebookFunctions.Powell<Dual<double>>, ChainX, gradient));
        Assert.Equal(ChainGradX, gradient);
    }

    [Fact]
    public void Jacobian_of_the_inner_map_is_forward_mode_column_by_column()
    {
        var jacobian = ForwardMode.JacobianChunked<Chunk4>(NotebookFunctions.XOfZ<ChunkDual<Chunk4>>, ChainZ, 4);
        Assert.Equal(ChainJacobian, jacobian);

        // The notebook prints J transposed: one row per z-direction, d/dz1 = [1, 2, 0, 1] and d/dz2 = [-1, 0, -2, 1].
        double[,] notebookJ = { { 1, 2, 0, 1 }, { -1, 0, -2, 1 } };
        for (var j = 0; j < 2; j++)
            for (var i = 0; i < 4; i++)
                Assert.Equal(notebookJ[j, i], jacobian[i, j]);
    }

    [Fact]
    public void Each_Jacobian_column_is_one_Jacobian_vector_product()
    {
        for (var j = 0; j < 2; j++)
        {
            var direction = new double[2];
            direction[j] = 1;
            var x = new double[4];
            var column = new double[4];
            ForwardMode.Jvp(NotebookFunctions.XOfZ<Dual<double>>, ChainZ, direction, x, column);
            Assert.Equal(ChainX, x);
            for (var i = 0; i < 4; i++) Assert.Equal(ChainJacobian[i, j], column[i]);
        }
    }

    [Fact]
    public void Gradient_in_z_in_two_steps_is_J_transpose_times_gradient_in_x()
    {
        var gradX = new double[4];
        ForwardMode.Gradient(NotebookFunctions.Powell<Dual<double>>, ChainX, gradX);
        var jacobian = ForwardMode.JacobianChunked<Chunk4>(NotebookFunctions.XOfZ<ChunkDual<Chunk4>>, ChainZ, 4);

        var gradZ = new double[2];
        for (var j = 0; j < 2; j++)
            for (var i = 0; i < 4; i++) gradZ[j] += jacobian[i, j] * gradX[i];
        Assert.Equal(ChainGradZ, gradZ);
    }

    [Fact]
    public void Gradient_in_z_in_one_step_is_the_forward_gradient_of_the_composition()
    {
        var direct = new double[2];
        Assert.Equal(390.0, ForwardMode.Gradient(NotebookFunctions.PowellOfZ<Dual<double>>, ChainZ, direct));
        Assert.Equal(ChainGradZ, direct);

        var chunked = new double[2];
        Assert.Equal(390.0, ForwardMode.GradientChunked<Chunk4>(NotebookFunctions.PowellOfZ<ChunkDual<Chunk4>>, ChainZ, chunked));
        Assert.Equal(ChainGradZ, chunked);
    }

    [Fact]
    public void Notebook_functions_reject_inputs_of_the_wrong_length()
    {
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => NotebookFunctions.Powell<double>(new double[3])).ParamName);
        Assert.Equal("z", Assert.Throws<ArgumentException>(() => NotebookFunctions.XOfZ<double>(new double[3], new double[4])).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => NotebookFunctions.XOfZ<double>(new double[2], new double[3])).ParamName);
    }
}
