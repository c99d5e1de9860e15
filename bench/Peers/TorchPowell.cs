using TorchSharp;
using static TorchSharp.torch;

namespace DualGrad.Bench.Peers;

/// <summary>
/// Powell's gradient with TorchSharp autograd, written with scalar tensor ops exactly as the PyTorch
/// notebook writes it:
/// <code>
/// x = torch.tensor([3., -1., 0., 1.], dtype=torch.float64, requires_grad=True)
/// f = (x[0] + 10*x[1]).pow(2) + 5*(x[2] - x[3]).pow(2) + (x[1] + 2*x[2]).pow(4) + 10*(x[0] - x[3]).pow(4)
/// (g,) = torch.autograd.grad(f, x)
/// </code>
/// </summary>
public static class TorchPowell
{
    /// <summary>
    /// The gradient at <paramref name="point"/>: builds the leaf tensor from the doubles, records
    /// the graph, runs <c>torch.autograd.grad</c> and copies the result back to a <c>double[]</c>.
    /// Every tensor made on the way (leaf, index views, intermediates, gradient) is disposed by the
    /// dispose scope before returning.
    /// </summary>
    public static double[] Gradient(double[] point) => ValueAndGradient(point).Gradient;

    /// <summary>Value and gradient at <paramref name="point"/> (see <see cref="Gradient"/>).</summary>
    public static (double Value, double[] Gradient) ValueAndGradient(double[] point)
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor x = tensor(point, dtype: float64, requires_grad: true);
        Tensor f = (x[0] + 10 * x[1]).pow(2) + 5 * (x[2] - x[3]).pow(2) + (x[1] + 2 * x[2]).pow(4) + 10 * (x[0] - x[3]).pow(4);
        IList<Tensor> grads = autograd.grad([f], [x]);
        return (f.item<double>(), grads[0].data<double>().ToArray());
    }
}
