using BenchmarkDotNet.Attributes;

namespace DualGrad.Bench.Peers;

/// <summary>
/// Gradient of Powell's function at (3, -1, 0, 1) (value 215, gradient [306, -144, -18, -310]):
/// each benchmark takes the point as a <c>double[]</c> and returns plain doubles, so the numbers
/// include every conversion a caller would pay.
/// </summary>
[MemoryDiagnoser]
public class PowellGradientBenchmarks
{
    private readonly double[] _x = Powell.Point();

    /// <summary>Plain double evaluation of f, no derivatives: the yardstick.</summary>
    [Benchmark(Baseline = true)]
    public double Plain() => Powell.Value(_x);

    /// <summary>TorchSharp autograd with scalar tensor ops, as the PyTorch notebook writes it.</summary>
    [Benchmark]
    public double[] TorchScalarOps() => TorchPowell.Gradient(_x);

    // ===== DUALGRAD-SLOT (2 of 2): DualGrad's own gradient in the same run. =====================
    // Once the ProjectReference in DualGrad.Bench.Peers.csproj (DUALGRAD-SLOT 1 of 2) is enabled,
    // add the DualGrad gradient here, same contract: double[] in, double[] gradient out, e.g.
    //
    //   [Benchmark]
    //   public double[] DualGradReverse() => /* DualGrad gradient of Powell at _x */;
    //
    // and add it to the --check in Program.cs so its answer is verified next to torch's.
    // ==============================================================================================
}
