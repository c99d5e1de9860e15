// Lesson: the chain rule needs something to differentiate. A function of no variables has no gradient, a direction must
// live in the same space as the point, and a missing function is a caller's mistake: each is refused up front with an
// exception that names the offending parameter, instead of surfacing later as an index error or a wrong number.
using DualGrad.Forward;
using D = DualGrad.Forward.Dual<double>;

namespace DualGrad.Properties.Forward;

public sealed class ArgumentErrorTests
{
    private static readonly ScalarFunc<D> Sum = x => x[0] + x[^1];
    private static readonly ScalarFunc<ChunkDual<Chunk4>> Sum4 = x => x[0] + x[^1];
    private static readonly VectorFunc<D> Copy = (x, y) => x.CopyTo(y);
    private static readonly VectorFunc<ChunkDual<Chunk4>> Copy4 = (x, y) => x[..y.Length].CopyTo(y);

    [Fact]
    public void Empty_input_is_refused_naming_x()
    {
        AssertNames<ArgumentException>("x", () => ForwardMode.Gradient(Sum, [], []));
        AssertNames<ArgumentException>("x", () => ForwardMode.GradientChunked<Chunk4>(Sum4, [], []));
        AssertNames<ArgumentException>("x", () => ForwardMode.DirectionalDerivative(Sum, [], []));
        AssertNames<ArgumentException>("x", () => ForwardMode.Jvp(Copy, [], [], [], []));
        AssertNames<ArgumentException>("x", () => ForwardMode.JacobianChunked<Chunk4>(Copy4, [], 1));
    }

    [Fact]
    public void Mismatched_lengths_are_refused_naming_the_shorter_or_longer_argument()
    {
        AssertNames<ArgumentException>("gradient", () => ForwardMode.Gradient(Sum, [1.0, 2.0], new double[3]));
        AssertNames<ArgumentException>("gradient", () => ForwardMode.GradientChunked<Chunk4>(Sum4, [1.0, 2.0], new double[1]));
        AssertNames<ArgumentException>("gradient", () => ForwardMode.GradientChunked<Chunk8>(x => x[0], [1.0, 2.0], new double[1]));
        AssertNames<ArgumentException>("v", () => ForwardMode.DirectionalDerivative(Sum, [1.0, 2.0], [1.0]));
        AssertNames<ArgumentException>("v", () => ForwardMode.Jvp(Copy, [1.0, 2.0], [1.0], new double[2], new double[2]));
        AssertNames<ArgumentException>("jv", () => ForwardMode.Jvp(Copy, [1.0, 2.0], [1.0, 0.0], new double[2], new double[1]));
    }

    [Fact]
    public void The_message_says_what_the_lengths_were()
    {
        var e = Assert.Throws<ArgumentException>(() => ForwardMode.Gradient(Sum, [1.0, 2.0], new double[3]));
        Assert.Contains("3", e.Message);
        Assert.Contains("2", e.Message);
    }

    [Fact]
    public void A_null_function_is_refused_naming_f()
    {
        AssertNames<ArgumentNullException>("f", () => ForwardMode.Derivative<double>(null!, 1.0));
        AssertNames<ArgumentNullException>("f", () => ForwardMode.ValueAndDerivative<double>(null!, 1.0));
        AssertNames<ArgumentNullException>("f", () => ForwardMode.SecondDerivative<double>(null!, 1.0));
        AssertNames<ArgumentNullException>("f", () => ForwardMode.Gradient(null!, [1.0], new double[1]));
        AssertNames<ArgumentNullException>("f", () => ForwardMode.GradientChunked<Chunk4>(null!, [1.0], new double[1]));
        AssertNames<ArgumentNullException>("f", () => ForwardMode.DirectionalDerivative(null!, [1.0], [1.0]));
        AssertNames<ArgumentNullException>("f", () => ForwardMode.Jvp(null!, [1.0], [1.0], new double[1], new double[1]));
        AssertNames<ArgumentNullException>("f", () => ForwardMode.JacobianChunked<Chunk4>(null!, [1.0], 1));
    }

    [Fact]
    public void A_Jacobian_with_no_outputs_is_refused_naming_m()
    {
        AssertNames<ArgumentOutOfRangeException>("m", () => ForwardMode.JacobianChunked<Chunk4>(Copy4, [1.0], 0));
        AssertNames<ArgumentOutOfRangeException>("m", () => ForwardMode.JacobianChunked<Chunk8>((x, y) => { }, [1.0], -1));
    }

    [Fact]
    public void A_chunk_lane_outside_the_chunk_is_refused_naming_lane()
    {
        AssertNames<ArgumentOutOfRangeException>("lane", () => Chunk4.Basis(4));
        AssertNames<ArgumentOutOfRangeException>("lane", () => Chunk4.Basis(-1));
        AssertNames<ArgumentOutOfRangeException>("lane", () => Chunk8.Basis(8));
        AssertNames<ArgumentOutOfRangeException>("lane", () => ChunkDual<Chunk4>.Variable(1.0, 4));
    }

    [Fact]
    public void Clamp_with_min_above_max_is_refused_naming_min()
    {
        AssertNames<ArgumentException>("min", () => D.Clamp(D.Variable(0.5), D.Constant(2), D.Constant(1)));
        AssertNames<ArgumentException>("min", () => ChunkDual<Chunk4>.Clamp(0.5, 2.0, 1.0));
    }

    [Fact]
    public void Valid_arguments_of_the_same_shapes_are_accepted()
    {
        // The control for the tests above: the same calls with consistent lengths succeed.
        var gradient = new double[2];
        Assert.Equal(3.0, ForwardMode.Gradient(Sum, [1.0, 2.0], gradient));
        Assert.Equal(new[] { 1.0, 1.0 }, gradient);
        Assert.Equal(3.0, ForwardMode.DirectionalDerivative(Sum, [1.0, 2.0], [1.0, 0.0]).Value);
        Assert.Equal(2, ForwardMode.JacobianChunked<Chunk4>(Copy4, [1.0, 2.0], 2).GetLength(0));
    }

    private static void AssertNames<TException>(string parameter, Action call) where TException : ArgumentException
    {
        var e = Assert.Throws<TException>(call);
        Assert.Equal(parameter, e.ParamName);
    }
}
