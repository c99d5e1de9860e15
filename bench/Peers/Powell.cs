namespace DualGrad.Bench.Peers;

/// <summary>
/// Powell's singular function, the problem every peer differentiates:
/// f(x) = (x1 + 10 x2)^2 + 5 (x3 - x4)^2 + (x2 + 2 x3)^4 + 10 (x1 - x4)^4.
/// </summary>
public static class Powell
{
    /// <summary>The point the gradient is taken at: x = (3, -1, 0, 1).</summary>
    public static double[] Point() => [3.0, -1.0, 0.0, 1.0];

    /// <summary>f at <see cref="Point"/>: 49 + 5 + 1 + 160.</summary>
    public const double ExpectedValue = 215.0;

    /// <summary>The gradient at <see cref="Point"/>.</summary>
    public static double[] ExpectedGradient() => [306.0, -144.0, -18.0, -310.0];

    /// <summary>Plain double evaluation of f (the baseline: no derivatives at all).</summary>
    public static double Value(ReadOnlySpan<double> x) => Value<double>(x);

    /// <summary>f written once in generic math: the same source runs on double and on DualGrad's reverse-mode scalar.</summary>
    public static T Value<T>(ReadOnlySpan<T> x) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        T a = x[0] + (Constants<T>.Ten * x[1]);
        T b = x[2] - x[3];
        T c = x[1] + (Constants<T>.Two * x[2]);
        T d = x[0] - x[3];
        T c2 = c * c;
        T d2 = d * d;
        return (a * a) + (Constants<T>.Five * b * b) + (c2 * c2) + (Constants<T>.Ten * d2 * d2);
    }

    // Converted once per scalar type, so no gradient pays for a generic conversion per call.
    private static class Constants<T> where T : System.Numerics.IFloatingPointIeee754<T>
    {
        public static readonly T Two = T.CreateTruncating(2.0);
        public static readonly T Five = T.CreateTruncating(5.0);
        public static readonly T Ten = T.CreateTruncating(10.0);
    }

    /// <summary>Hand-derived gradient, used only to check the peers' answers.</summary>
    public static double[] AnalyticGradient(ReadOnlySpan<double> x)
    {
        double a = x[0] + (10.0 * x[1]);
        double b = x[2] - x[3];
        double c = x[1] + (2.0 * x[2]);
        double d = x[0] - x[3];
        double c3 = c * c * c;
        double d3 = d * d * d;
        return
        [
            (2.0 * a) + (40.0 * d3),
            (20.0 * a) + (4.0 * c3),
            (10.0 * b) + (8.0 * c3),
            (-10.0 * b) - (40.0 * d3),
        ];
    }
}
