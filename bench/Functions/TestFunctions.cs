using System.Numerics;
using DualGrad.Forward;

namespace DualGrad.Bench.Functions;

/// <summary>
/// The benchmark functions, each written ONCE in generic math: the same source runs on <c>double</c> (the baseline),
/// on <see cref="Dual{T}"/> and <see cref="ChunkDual{TChunk}"/> (forward mode) and on <c>Var&lt;T&gt;</c> (reverse mode).
/// Constants come from <see cref="K{T}"/>, converted once per scalar type, so no benchmark pays for a generic conversion per call.
/// </summary>
public static class TestFunctions
{
    /// <summary>Powell's singular function, the notebook's f: (x₁+10x₂)² + 5(x₃−x₄)² + (x₂+2x₃)⁴ + 10(x₁−x₄)⁴. f(3,−1,0,1) = 215.</summary>
    public static T Powell<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
    {
        var t1 = x[0] + K<T>.Ten * x[1];
        var t2 = x[2] - x[3];
        var t3 = x[1] + K<T>.Two * x[2];
        var t4 = x[0] - x[3];
        var t3s = t3 * t3;
        var t4s = t4 * t4;
        return t1 * t1 + K<T>.Five * (t2 * t2) + t3s * t3s + K<T>.Ten * (t4s * t4s);
    }

    /// <summary>Rosenbrock: Σᵢ₌₀ⁿ⁻² 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)² (8 recorded operations per term; 0 when n = 1).</summary>
    public static T Rosenbrock<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
    {
        var sum = T.Zero;
        for (var i = 0; i + 1 < x.Length; i++)
        {
            var a = x[i + 1] - x[i] * x[i];
            var b = T.One - x[i];
            sum += K<T>.Hundred * a * a + b * b;
        }
        return sum;
    }

    /// <summary>Transcendental-heavy: Σᵢ sin(xᵢ)·exp(cos(x₍ᵢ₊₁₎ mod n)) (cyclic, so n = 1 is not trivial).</summary>
    public static T Transcendental<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
    {
        var sum = T.Zero;
        var n = x.Length;
        for (var i = 0; i < n; i++)
        {
            var next = i + 1 == n ? x[0] : x[i + 1];
            sum += T.Sin(x[i]) * T.Exp(T.Cos(next));
        }
        return sum;
    }

    /// <summary>The deep chain y ← sin(y)·1.0001 + 0.1·y, <paramref name="steps"/> times (4 operations per step).</summary>
    public static T Chain<T>(T y, int steps) where T : IFloatingPointIeee754<T>
    {
        var a = K<T>.ChainA;
        var b = K<T>.ChainB;
        for (var k = 0; k < steps; k++) y = T.Sin(y) * a + b * y;
        return y;
    }

    /// <summary>
    /// A dense vector function ℝⁿ → ℝᵐ: yⱼ = tanh(Σᵢ cⱼᵢ xᵢ) with fixed coefficients c (row-major m×n, already in T).
    /// Its cost grows as n·m in every mode, so the Jacobian shapes compare like with like.
    /// </summary>
    public static void DenseTanh<T>(ReadOnlySpan<T> x, Span<T> y, T[] c) where T : IFloatingPointIeee754<T>
    {
        var n = x.Length;
        for (var j = 0; j < y.Length; j++)
        {
            var row = c.AsSpan(j * n, n);
            var s = T.Zero;
            for (var i = 0; i < n; i++) s += row[i] * x[i];
            y[j] = T.Tanh(s);
        }
    }

    /// <summary>The coefficients of <see cref="DenseTanh{T}"/>: cⱼᵢ = cos(i + 2j + 1) / √n (bounded sums, tanh not saturated).</summary>
    public static T[] DenseCoefficients<T>(int n, int m) where T : IFloatingPointIeee754<T>
    {
        var c = new T[n * m];
        var scale = 1.0 / Math.Sqrt(n);
        for (var j = 0; j < m; j++)
            for (var i = 0; i < n; i++) c[j * n + i] = T.CreateTruncating(Math.Cos(i + 2 * j + 1) * scale);
        return c;
    }

    /// <summary>A reproducible starting point of length n with entries in [−1.2, 1.2].</summary>
    public static double[] Point(int n)
    {
        var x = new double[n];
        for (var i = 0; i < n; i++) x[i] = 1.2 * Math.Sin(0.7 * i + 0.3);
        return x;
    }

    /// <summary>The notebook's point (3, −1, 0, 1).</summary>
    public static double[] PowellPoint() => [3.0, -1.0, 0.0, 1.0];
}

/// <summary>Constants in scalar type T, converted once (a generic <c>T.CreateTruncating</c> inside a hot loop is not free on dual numbers).</summary>
public static class K<T> where T : IFloatingPointIeee754<T>
{
    public static readonly T Two = T.CreateTruncating(2.0);
    public static readonly T Five = T.CreateTruncating(5.0);
    public static readonly T Ten = T.CreateTruncating(10.0);
    public static readonly T Hundred = T.CreateTruncating(100.0);
    public static readonly T ChainA = T.CreateTruncating(1.0001);
    public static readonly T ChainB = T.CreateTruncating(0.1);
}

/// <summary>Central differences, the numerical baseline: 2n evaluations, step h = ∛ε·max(1, |xᵢ|).</summary>
public static class CentralDifferences
{
    private static readonly double CubeRootEpsilon = Math.Cbrt(Math.Pow(2, -52));

    /// <summary>Writes the central-difference gradient of f at x into gradient. <paramref name="work"/> (a copy of x) is perturbed and restored.</summary>
    public static void Gradient(ScalarFunc<double> f, double[] work, Span<double> gradient)
    {
        for (var i = 0; i < work.Length; i++)
        {
            var xi = work[i];
            var h = CubeRootEpsilon * Math.Max(1.0, Math.Abs(xi));
            work[i] = xi + h;
            var up = f(work);
            work[i] = xi - h;
            var down = f(work);
            work[i] = xi;
            gradient[i] = (up - down) / (2 * h);
        }
    }
}
