namespace DualGrad.Properties.Walkthrough;

/// <summary>
/// Every number the seed notebook printed (PyTorch, float32), copied from its output cells. The SGD-momentum cell's
/// output is cut off in the notebook after the first coordinate of step 90, so that line has one coordinate and no f.
/// </summary>
internal static class NotebookPrints
{
    public static readonly double[] X = [3, -1, 0, 1];
    public const double F = 215;
    public static readonly double[] Gradient = [306, -144, -18, -310];

    // "Numerical gradient of f at x: tensor([ 305.9769, -143.9972,  -18.0054, -309.9976])" (float32, h = 1e-3).
    public static readonly double[] CentralFloat32 = [305.9769, -143.9972, -18.0054, -309.9976];

    // The same differences in float64 (REFERENCE.md): truncation error h^2 f'''/6 only.
    public static readonly double[] CentralFloat64 = [306.00008, -144.000004, -18.000032, -310.00008];

    // Gradient descent, 1e-3: "x:" and "g:" before each of the 5 steps (tensor prints, 4 decimals).
    public static readonly (double[] X, double[] G)[] GdSteps =
    [
        ([3, -1, 0, 1], [306, -144, -18, -310]),
        ([2.6940, -0.8560, 0.0180, 1.3100], [94.3077, -119.5255, -17.3309, -93.1197]),
        ([2.5997, -0.7365, 0.0353, 1.4031], [58.9994, -96.4817, -16.0392, -54.8516]),
        ([2.5407, -0.6400, 0.0514, 1.4580], [43.0520, -77.8050, -15.3066, -36.7044]),
        ([2.4976, -0.5622, 0.0667, 1.4947], [34.1085, -62.8002, -14.9109, -26.0769]),
    ];

    // f(x1) after the first gradient-descent step (REFERENCE.md).
    public const double FAfterFirstStep = 79.89811463936;

    // SGD, lr 1e-3, momentum 0.9: x after step i, f before it, for i = 0, 10, ..., 90.
    public static readonly (double[] X, double? F)[] SgdMomentum =
    [
        ([2.694, -0.856, 0.018, 1.31], 215.0),
        ([1.549712, -0.2964205, 0.73650396, 1.6820586], 11.441824913024902),
        ([1.408362, -0.00583249, 0.57971793, 1.0532441], 6.6437225341796875),
        ([0.6763986, -0.03913701, 0.24533094, 1.1681743], 5.709615707397461),
        ([0.5996511, -0.13040473, 0.5036107, 0.53555894], 1.093517541885376),
        ([0.59016085, -0.07009609, 0.31826916, 0.27739534], 0.27947038412094116),
        ([0.5269876, -0.03624894, 0.12591662, 0.26216415], 0.16900770366191864),
        ([0.45544916, -0.04479674, 0.13050896, 0.22580846], 0.08700942993164062),
        ([0.399531, -0.04679754, 0.18029977, 0.18939461], 0.034884385764598846),
        ([0.35905084], null),
    ];

    // The chain rule at z = (1, -1).
    public static readonly double[] Z = [1, -1];
    public static readonly double[] XOfZ = [2, 1, 1, 0];
    public const double FOfZ = 390;
    public static readonly double[] GradX = [344, 348, 226, -330];
    public static readonly double[][] Jacobian = [[1, 2, 0, 1], [-1, 0, -2, 1]];   // rows d/dz1, d/dz2
    public static readonly double[] GradZ = [710, -1126];

    // Gradient descent on z, 1e-3, 1000 steps: z after step i, f before it, for i = 0, 100, ..., 900.
    public static readonly (double[] Z, double F)[] ZGradientDescent =
    [
        ([0.28999996, 0.12600005], 390.0),
        ([0.10041686, 0.16472499], 0.002078988589346409),
        ([0.0918402, 0.16432461], 0.0010676763486117125),
        ([0.08976527, 0.1616178], 0.0009482738096266985),
        ([0.08847897, 0.15887022], 0.0008560288697481155),
        ([0.08736441, 0.15630378], 0.0007776079582981765),
        ([0.08633856, 0.15392138], 0.000710221123881638),
        ([0.08538311, 0.15170398], 0.0006518377340398729),
        ([0.08448897, 0.14963281], 0.0006008768104948103),
        ([0.08364932, 0.14769198], 0.000556100916583091),
    ];

    // SGD on z, lr 1e-4, momentum 0.9, 100 steps: z after step i, f before it, for i = 0, 10, ..., 90.
    public static readonly (double[] Z, double F)[] ZSgdMomentum =
    [
        ([0.929, -0.88740003], 390.0),
        ([-0.19928932, 0.4960087], 0.9813486337661743),
        ([-0.44388917, 0.7940718], 24.753379821777344),
        ([-0.15692, 0.49109557], 2.4734973907470703),
        ([0.00094466, 0.29169223], 0.23995020985603333),
        ([0.06613181, 0.20713682], 0.02455221861600876),
        ([0.09276582, 0.17456606], 0.0017178322887048125),
        ([0.10217317, 0.16280487], 0.0023682680912315845),
        ([0.10384288, 0.1590711], 0.003257445292547345),
        ([0.10240351, 0.1583022], 0.002950004767626524),
    ];
}
