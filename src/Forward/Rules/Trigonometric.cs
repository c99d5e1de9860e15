using System.Runtime.CompilerServices;
using System.Numerics;

namespace DualGrad.Forward;

// Circular and hyperbolic functions: d sin x = cos x dx, d tanh x = (1 - tanh² x) dx, and their inverses.
public static partial class Rules
{
    /// <summary>sin x; d/dx = cos x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Sin<T>(T x) where T : IFloatingPointIeee754<T>
    {
        var (s, c) = T.SinCos(x);
        return new(s, c);
    }

    /// <summary>cos x; d/dx = -sin x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Cos<T>(T x) where T : IFloatingPointIeee754<T>
    {
        var (s, c) = T.SinCos(x);
        return new(c, -s);
    }

    /// <summary>tan x; d/dx = 1 + tan² x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Tan<T>(T x) where T : IFloatingPointIeee754<T>
    {
        var t = T.Tan(x);
        return new(t, T.One + t * t);
    }

    /// <summary>sin(πx); d/dx = π cos(πx).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> SinPi<T>(T x) where T : IFloatingPointIeee754<T> => new(T.SinPi(x), T.Pi * T.CosPi(x));

    /// <summary>cos(πx); d/dx = -π sin(πx).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> CosPi<T>(T x) where T : IFloatingPointIeee754<T> => new(T.CosPi(x), -T.Pi * T.SinPi(x));

    /// <summary>tan(πx); d/dx = π (1 + tan²(πx)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> TanPi<T>(T x) where T : IFloatingPointIeee754<T>
    {
        var t = T.TanPi(x);
        return new(t, T.Pi * (T.One + t * t));
    }

    /// <summary>asin x; d/dx = 1/√(1 - x²) (+∞ at ±1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Asin<T>(T x) where T : IFloatingPointIeee754<T> => new(T.Asin(x), T.One / T.Sqrt(T.One - x * x));

    /// <summary>acos x; d/dx = -1/√(1 - x²) (-∞ at ±1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Acos<T>(T x) where T : IFloatingPointIeee754<T> => new(T.Acos(x), -T.One / T.Sqrt(T.One - x * x));

    /// <summary>atan x; d/dx = 1/(1 + x²).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Atan<T>(T x) where T : IFloatingPointIeee754<T> => new(T.Atan(x), T.One / (T.One + x * x));

    /// <summary>asin(x)/π; d/dx = 1/(π√(1 - x²)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> AsinPi<T>(T x) where T : IFloatingPointIeee754<T> => new(T.AsinPi(x), T.One / (T.Pi * T.Sqrt(T.One - x * x)));

    /// <summary>acos(x)/π; d/dx = -1/(π√(1 - x²)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> AcosPi<T>(T x) where T : IFloatingPointIeee754<T> => new(T.AcosPi(x), -T.One / (T.Pi * T.Sqrt(T.One - x * x)));

    /// <summary>atan(x)/π; d/dx = 1/(π(1 + x²)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> AtanPi<T>(T x) where T : IFloatingPointIeee754<T> => new(T.AtanPi(x), T.One / (T.Pi * (T.One + x * x)));

    /// <summary>atan2(y, x), the angle of (x, y); ∂/∂y = x/(x² + y²), ∂/∂x = -y/(x² + y²) (no derivative at the origin: 0 there).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local2<T> Atan2<T>(T y, T x) where T : IFloatingPointIeee754<T>
    {
        // x/r² as (x/h)/h with h = hypot(x, y): x² + y² underflows below |x|, |y| ≈ 1e-154 and overflows above 1e154,
        // while x/h lies in [-1, 1] and 1/h is representable over nearly the whole range.
        var h = T.Hypot(x, y);
        return IsZeroValue(h) ? new(T.Atan2(y, x), T.Zero, T.Zero) : new(T.Atan2(y, x), x / h / h, -(y / h) / h);
    }

    /// <summary>atan2(y, x)/π; the partials of <see cref="Atan2{T}"/> over π.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local2<T> Atan2Pi<T>(T y, T x) where T : IFloatingPointIeee754<T>
    {
        var (_, dy, dx) = Atan2(y, x);
        return new(T.Atan2Pi(y, x), dy / T.Pi, dx / T.Pi);
    }

    /// <summary>sinh x; d/dx = cosh x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Sinh<T>(T x) where T : IFloatingPointIeee754<T> => new(T.Sinh(x), T.Cosh(x));

    /// <summary>cosh x; d/dx = sinh x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Cosh<T>(T x) where T : IFloatingPointIeee754<T> => new(T.Cosh(x), T.Sinh(x));

    /// <summary>tanh x; d/dx = 1 - tanh² x = 1/cosh² x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Tanh<T>(T x) where T : IFloatingPointIeee754<T>
    {
        // 1/cosh² x rather than 1 − tanh² x: the latter cancels to 0 once tanh x rounds to 1 (x ≳ 19).
        // Past |x| = 20, 4e^(−2|x|) is sech² x to within a factor (1 + e^(−2|x|))⁻² = 1 − 10⁻¹⁷, and it never overflows:
        // cosh² x does past |x| ≈ 355, and nested derivatives of 1/cosh² (a dual over duals, a Hessian) then read ∞/∞.
        var t = T.Tanh(x);
        var a = T.Abs(x);
        if (a < T.CreateTruncating(20))
        {
            var c = T.Cosh(x);
            return new(t, T.One / (c * c));
        }
        return new(t, T.CreateTruncating(4) * T.Exp(-(a + a)));
    }

    /// <summary>asinh x; d/dx = 1/√(x² + 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Asinh<T>(T x) where T : IFloatingPointIeee754<T>
    {
        var large = LargeForSquare<T>();
        return new(T.Asinh(x), x > large ? T.One / x : x < -large ? -T.One / x : T.One / T.Sqrt(x * x + T.One));
    }

    /// <summary>acosh x; d/dx = 1/√(x² - 1) (+∞ at 1, NaN below).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Acosh<T>(T x) where T : IFloatingPointIeee754<T> =>
        new(T.Acosh(x), x > LargeForSquare<T>() ? T.One / x : x >= T.One ? T.One / T.Sqrt(x * x - T.One) : T.NaN);

    /// <summary>atanh x; d/dx = 1/(1 - x²) (+∞ at ±1, NaN beyond).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Atanh<T>(T x) where T : IFloatingPointIeee754<T> => new(T.Atanh(x), ReciprocalOnDomain(T.One - x * x));

    // Past this |x|, 1/√(x² ± 1) = (1/|x|)(1 ∓ 1/(2x²) + …) is 1/|x| to within half an ulp (1/(2x²) ≤ 5e-17), so asinh'
    // and acosh' take that form there and never form x², which overflows past 1.3e154 (their derivatives read 0).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T LargeForSquare<T>() where T : IFloatingPointIeee754<T> => T.CreateTruncating(1e8);
}
