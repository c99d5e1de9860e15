using System.Runtime.CompilerServices;
using System.Numerics;

namespace DualGrad.Forward;

// Powers and roots. d xʸ = y xʸ⁻¹ dx + xʸ ln x dy. The zero base is where naive code produces NaN,
// so its convention is stated once here: ∂/∂x follows the limit of y·xʸ⁻¹ (0 for y > 1, 1 for y = 1,
// +∞ for 0 < y < 1, -∞ for y < 0, 0 for y = 0 because x⁰ is the constant 1), and ∂/∂y is 0 wherever xʸ = 0
// (the limit of xʸ ln x as x → 0⁺ for y > 0).
public static partial class Rules
{
    /// <summary>Integer exponents up to this size take the multiply-only fast path.</summary>
    internal const int FastPowLimit = 64;

    /// <summary>xⁿ for an integer n, by repeated squaring (exact for small n); d/dx = n xⁿ⁻¹.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> PowInteger<T>(T x, int n) where T : IFloatingPointIeee754<T>
    {
        if (n == 0) return new(T.One, T.Zero);
        if (n > 0)
        {
            var below = IntegerPower(x, n - 1);      // xⁿ⁻¹, reused for the value and the derivative
            return new(below * x, T.CreateTruncating(n) * below);
        }
        // n < 0: the value is 1/x⁻ⁿ (so 0⁻¹ = ∞ and tiny bases do not overflow early), the derivative n·xⁿ/x.
        var value = IntegerPower(x, n);
        return new(value, T.CreateTruncating(n) * value / x);
    }

    /// <summary>xʸ where y carries no derivative (a constant exponent); d/dx = y xʸ⁻¹, with the fast path for integer y.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> PowConstant<T>(T x, T y) where T : IFloatingPointIeee754<T>
    {
        if (IsSmallInteger(y, out var n)) return PowInteger(x, n);
        var value = T.Pow(x, y);
        return new(value, PowBaseDerivative(x, y, value));
    }

    /// <summary>xʸ; ∂/∂x = y xʸ⁻¹, ∂/∂y = xʸ ln x (0 where xʸ = 0; NaN for a negative base, where xʸ is not smooth in y).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local2<T> Pow<T>(T x, T y) where T : IFloatingPointIeee754<T>
    {
        var (value, dx) = PowConstant(x, y);
        var dy = IsZeroValue(value) ? T.Zero : value * T.Log(x);
        return new(value, dx, dy);
    }

    /// <summary>√x; d/dx = 1/(2√x) (+∞ at ±0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Sqrt<T>(T x) where T : IFloatingPointIeee754<T>
    {
        var r = T.Sqrt(x);
        return new(r, ReciprocalOnDomain(r + r));
    }

    /// <summary>∛x; d/dx = 1/(3 ∛x²) (+∞ at 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Cbrt<T>(T x) where T : IFloatingPointIeee754<T>
    {
        var r = T.Cbrt(x);
        return new(r, T.One / (T.CreateTruncating(3) * r * r));
    }

    /// <summary>x^(1/n); d/dx = x^(1/n) / (n x) (+∞ at 0 for n > 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> RootN<T>(T x, int n) where T : IFloatingPointIeee754<T>
    {
        var r = T.RootN(x, n);
        // At ±∞ the quotient is ∞/∞ (or 0/∞ read as 0 anyway); the limit of x^(1/n − 1)/n there is 0, except for n = 1
        // (the identity, slope 1) and where the root itself is NaN (an even root of −∞: outside the domain).
        return new(r, IsZeroValue(x) ? (n < 0 ? T.NegativeInfinity : T.PositiveInfinity)
            : T.IsInfinity(x) && !IsNaNValue(r) ? (n == 1 ? T.One : T.Zero)
            : r / (T.CreateTruncating(n) * x));
    }

    /// <summary>√(x² + y²) without overflow; ∂/∂x = x/h, ∂/∂y = y/h; at the origin, where it has no derivative, both are 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local2<T> Hypot<T>(T x, T y) where T : IFloatingPointIeee754<T>
    {
        var h = T.Hypot(x, y);
        return IsZeroValue(h) ? new(h, T.Zero, T.Zero) : new(h, x / h, y / h);
    }

    /// <summary>1/x; d/dx = -1/x².</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> Reciprocal<T>(T x) where T : IFloatingPointIeee754<T>
    {
        var r = T.One / x;
        return new(r, -r * r);
    }

    /// <summary>1/√x; d/dx = -1/(2 x √x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local<T> ReciprocalSqrt<T>(T x) where T : IFloatingPointIeee754<T>
    {
        var r = T.One / T.Sqrt(x);
        return new(r, -r / (x + x));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T PowBaseDerivative<T>(T x, T y, T value) where T : IFloatingPointIeee754<T>
    {
        // xʸ/x is x^(y-1) only while xʸ is normal: where it underflows, is subnormal or overflows, y·x^(y-1) may still
        // be representable (1.5·(1e-300)^0.5), so it is computed directly there, at the cost of a second pow.
        if (T.IsNormal(value)) return y * value / x;
        if (!IsZeroValue(x)) return y * T.Pow(x, y - T.One);
        // Zero base: the limit of y·xʸ⁻¹ as x → 0⁺.
        if (IsZeroValue(y)) return T.Zero;
        if (y == T.One) return T.One;
        return y > T.One ? T.Zero : T.IsNegative(y) ? T.NegativeInfinity : T.PositiveInfinity;
    }

    private static bool IsSmallInteger<T>(T y, out int n) where T : IFloatingPointIeee754<T>
    {
        // The exponent must be an integer in every part: a nested dual (or recorded Var) exponent whose value is an
        // integer but which still varies must take the general path, or its derivative would be lost.
        if (T.IsInteger(y) && T.Abs(y) <= T.CreateTruncating(FastPowLimit) && T.IsZero(y - T.Round(y)))
        {
            n = int.CreateTruncating(y);
            return true;
        }
        n = 0;
        return false;
    }

    private static T IntegerPower<T>(T x, int n) where T : IFloatingPointIeee754<T>
    {
        if (n == int.MinValue) return T.One / (IntegerPower(x, int.MaxValue) * x);   // -int.MinValue does not exist
        if (n < 0) return T.One / IntegerPower(x, -n);
        var result = T.One;
        var square = x;
        while (n > 0)
        {
            if ((n & 1) != 0) result *= square;
            n >>= 1;
            if (n > 0) square *= square;
        }
        return result;
    }
}
