using System.Runtime.CompilerServices;
using System.Numerics;

namespace DualGrad.Forward;

// Exponentials and logarithms: d eˣ = eˣ dx, d ln x = dx / x, and their base-2, base-10 and near-zero forms.
public static partial class Rules
{
    /// <summary>eˣ; d/dx = eˣ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Exp<T>(T x) where T : IFloatingPointIeee754<T>
    {
        var e = T.Exp(x);
        return new(e, e);
    }

    /// <summary>2ˣ; d/dx = 2ˣ ln 2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Exp2<T>(T x) where T : IFloatingPointIeee754<T>
    {
        var e = T.Exp2(x);
        return new(e, e * Ln2<T>());
    }

    /// <summary>10ˣ; d/dx = 10ˣ ln 10.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Exp10<T>(T x) where T : IFloatingPointIeee754<T>
    {
        var e = T.Exp10(x);
        return new(e, e * Ln10<T>());
    }

    /// <summary>eˣ - 1, accurate near 0; d/dx = eˣ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> ExpM1<T>(T x) where T : IFloatingPointIeee754<T> => new(AccurateExpM1(x), T.Exp(x));

    /// <summary>2ˣ - 1; d/dx = 2ˣ ln 2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Exp2M1<T>(T x) where T : IFloatingPointIeee754<T> => new(AccurateExpM1(x * Ln2<T>()), T.Exp2(x) * Ln2<T>());

    /// <summary>10ˣ - 1; d/dx = 10ˣ ln 10.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Exp10M1<T>(T x) where T : IFloatingPointIeee754<T> => new(AccurateExpM1(x * Ln10<T>()), T.Exp10(x) * Ln10<T>());

    /// <summary>ln x; d/dx = 1/x (+∞ at ±0, NaN below: outside the domain).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Log<T>(T x) where T : IFloatingPointIeee754<T> => new(T.Log(x), ReciprocalOnDomain(x));

    /// <summary>log₂ x; d/dx = 1/(x ln 2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Log2<T>(T x) where T : IFloatingPointIeee754<T> => new(T.Log2(x), ReciprocalOnDomain(x * Ln2<T>()));

    /// <summary>log₁₀ x; d/dx = 1/(x ln 10).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Log10<T>(T x) where T : IFloatingPointIeee754<T> => new(T.Log10(x), ReciprocalOnDomain(x * Ln10<T>()));

    /// <summary>ln(1 + x), accurate near 0; d/dx = 1/(1 + x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> LogP1<T>(T x) where T : IFloatingPointIeee754<T> => new(AccurateLogP1(x), ReciprocalOnDomain(T.One + x));

    /// <summary>log₂(1 + x); d/dx = 1/((1 + x) ln 2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Log2P1<T>(T x) where T : IFloatingPointIeee754<T> => new(AccurateLogP1(x) / Ln2<T>(), ReciprocalOnDomain((T.One + x) * Ln2<T>()));

    /// <summary>log₁₀(1 + x); d/dx = 1/((1 + x) ln 10).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Log10P1<T>(T x) where T : IFloatingPointIeee754<T> => new(AccurateLogP1(x) / Ln10<T>(), ReciprocalOnDomain((T.One + x) * Ln10<T>()));

    /// <summary>log_b x = ln x / ln b; ∂/∂x = 1/(x ln b), ∂/∂b = -ln x / (b ln² b).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local2<T> LogBase<T>(T x, T b) where T : IFloatingPointIeee754<T>
    {
        // The value as the base library has it, special bases included (base 1, 0 or +∞ gives NaN; ln x / ln b gave ∞,
        // −0 and 0 there); where it is NaN, so are both partials (the domain convention).
        var value = T.Log(x, b);
        if (IsNaNValue(value)) return new(value, T.NaN, T.NaN);
        var lnB = T.Log(b);
        return new(value, ReciprocalOnDomain(x) / lnB, -value / (b * lnB));
    }

    // The base library's ExpM1 and LogP1 are exp(x) − 1 and log(1 + x), which lose every digit for tiny x
    // (ExpM1(1e-20) gives 0). Kahan's corrections recover full accuracy: the error of u = eˣ (or 1 + x) cancels in the ratio.
    // The ratio (≈ 1) is formed first, so the product cannot overflow before the answer does (ExpM1(705) read ∞), and an
    // infinite u is its own answer (∞·x/∞ read NaN).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T AccurateExpM1<T>(T x) where T : IFloatingPointIeee754<T>
    {
        var u = T.Exp(x);
        if (u == T.One) return x;
        var um1 = u - T.One;
        return um1 == -T.One || u == T.PositiveInfinity ? um1 : um1 * (x / T.Log(u));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T AccurateLogP1<T>(T x) where T : IFloatingPointIeee754<T>
    {
        var u = T.One + x;
        return u == T.One ? x : u == T.PositiveInfinity ? T.Log(u) : T.Log(u) * (x / (u - T.One));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Ln2<T>() where T : IFloatingPointIeee754<T> => T.CreateTruncating(0.69314718055994530942);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Ln10<T>() where T : IFloatingPointIeee754<T> => T.CreateTruncating(2.30258509299404568402);
}
