namespace ChainRule;

// The --json document. Property names become snake_case keys (GradZTwoStep -> grad_z_two_step); sections not run stay null
// and are left out. The keys are described in samples/ChainRule/README.md.

/// <summary>Every number the walkthrough prints.</summary>
internal sealed class Report
{
    // Section 1
    public double[]? X { get; set; }
    public double? F { get; set; }
    public double[]? GradForward { get; set; }
    public double[]? GradReverse { get; set; }
    public double[]? GradHand { get; set; }
    public double[]? GradCentral { get; set; }
    public double[]? GradCentralFloat32 { get; set; }
    public double? CentralStep { get; set; }
    public BestStep[]? CentralBestStep { get; set; }

    // Section 2
    public List<GdStep>? Gd { get; set; }
    public List<MomentumStep>? SgdMomentum { get; set; }

    // Section 3
    public ChainReport? Chain { get; set; }

    // Section 4
    public List<ZStep>? ZGd { get; set; }
    public List<ZStep>? ZSgdMomentum { get; set; }

    // Section 5
    public ExercisesReport? Exercises { get; set; }

    /// <summary>The full path of every plot written.</summary>
    public List<string> Plots { get; } = [];
}

internal sealed record BestStep(string Precision, double H, double Error);

/// <summary>One gradient-descent step as the notebook prints it: x before the step, g and f at that x.</summary>
internal sealed record GdStep(int Step, double[] X, double[] G, double F);

/// <summary>A printed momentum step: x after step <paramref name="Step"/>, f before it.</summary>
internal sealed record MomentumStep(int Step, double[] X, double F);

/// <summary>The chain rule at z; <paramref name="Jacobian"/> has rows d/dz1, d/dz2 and columns x1..x4, as the notebook writes it.</summary>
internal sealed record ChainReport(double[] Z, double[] X, double F, double[] GradX, double[][] Jacobian, double[] GradZTwoStep, double[] GradZOneStep, string[] ByHand);

/// <summary>A printed z step: z after step <paramref name="Step"/>, f before it.</summary>
internal sealed record ZStep(int Step, double[] Z, double F);

internal sealed record ExercisesReport(SinRow[] Sin, SigmoidReport Sigmoid, TanhRow[] Tanh, TraceReport Trace);

internal sealed record SinRow(double X, double Hand, double Forward, double Reverse, double Numeric);

internal sealed record SigmoidReport(double[][] W, double[] B, double[] X, double[] U, double[][] JacobianU, double[] GradU, double[] GradByJacobians, double[] GradForward, double[] GradReverse);

internal sealed record TanhRow(double X, double Y, double DydxForward, double DydxReverse, double DydxHand);

internal sealed record TraceReport(double[] X, double Value, double[] Gradient, TraceRow[] Steps);

internal sealed record TraceRow(int Node, string Operation, double Value, int[] Parents, double[] LocalPartials, double Adjoint);
