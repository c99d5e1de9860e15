using System.Runtime.CompilerServices;
using System.Numerics;

namespace DualGrad.Forward;

// Elementary functions: each is one line that reads the rule (value and local derivative) from Rules.
// The rule, its conventions and its derivative formula live in src/Forward/Rules.
public readonly partial struct Dual<T> : ICustomRuleTarget<Dual<T>>
{
    /// <summary>eˣ; the derivative is <see cref="Rules.Exp{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>eˣ with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Exp(Dual<T> x) => Chain(Rules.Exp(x.Value), x);

    /// <summary>2ˣ; the derivative is <see cref="Rules.Exp2{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>2ˣ with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Exp2(Dual<T> x) => Chain(Rules.Exp2(x.Value), x);

    /// <summary>10ˣ; the derivative is <see cref="Rules.Exp10{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>10ˣ with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Exp10(Dual<T> x) => Chain(Rules.Exp10(x.Value), x);

    /// <summary>eˣ - 1; the derivative is <see cref="Rules.ExpM1{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>eˣ - 1 with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> ExpM1(Dual<T> x) => Chain(Rules.ExpM1(x.Value), x);

    /// <summary>2ˣ - 1; the derivative is <see cref="Rules.Exp2M1{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>2ˣ - 1 with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Exp2M1(Dual<T> x) => Chain(Rules.Exp2M1(x.Value), x);

    /// <summary>10ˣ - 1; the derivative is <see cref="Rules.Exp10M1{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>10ˣ - 1 with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Exp10M1(Dual<T> x) => Chain(Rules.Exp10M1(x.Value), x);

    /// <summary>ln x; the derivative is <see cref="Rules.Log{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>ln x with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Log(Dual<T> x) => Chain(Rules.Log(x.Value), x);

    /// <summary>log₂ x; the derivative is <see cref="Rules.Log2{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>log₂ x with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Log2(Dual<T> x) => Chain(Rules.Log2(x.Value), x);

    /// <summary>log₁₀ x; the derivative is <see cref="Rules.Log10{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>log₁₀ x with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Log10(Dual<T> x) => Chain(Rules.Log10(x.Value), x);

    /// <summary>ln(1 + x); the derivative is <see cref="Rules.LogP1{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>ln(1 + x) with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> LogP1(Dual<T> x) => Chain(Rules.LogP1(x.Value), x);

    /// <summary>log₂(1 + x); the derivative is <see cref="Rules.Log2P1{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>log₂(1 + x) with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Log2P1(Dual<T> x) => Chain(Rules.Log2P1(x.Value), x);

    /// <summary>log₁₀(1 + x); the derivative is <see cref="Rules.Log10P1{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>log₁₀(1 + x) with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Log10P1(Dual<T> x) => Chain(Rules.Log10P1(x.Value), x);

    /// <summary>√x; the derivative is <see cref="Rules.Sqrt{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>√x with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Sqrt(Dual<T> x) => Chain(Rules.Sqrt(x.Value), x);

    /// <summary>∛x; the derivative is <see cref="Rules.Cbrt{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>∛x with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Cbrt(Dual<T> x) => Chain(Rules.Cbrt(x.Value), x);

    /// <summary>sin x; the derivative is <see cref="Rules.Sin{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>sin x with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Sin(Dual<T> x) => Chain(Rules.Sin(x.Value), x);

    /// <summary>cos x; the derivative is <see cref="Rules.Cos{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>cos x with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Cos(Dual<T> x) => Chain(Rules.Cos(x.Value), x);

    /// <summary>tan x; the derivative is <see cref="Rules.Tan{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>tan x with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Tan(Dual<T> x) => Chain(Rules.Tan(x.Value), x);

    /// <summary>sin(πx); the derivative is <see cref="Rules.SinPi{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>sin(πx) with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> SinPi(Dual<T> x) => Chain(Rules.SinPi(x.Value), x);

    /// <summary>cos(πx); the derivative is <see cref="Rules.CosPi{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>cos(πx) with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> CosPi(Dual<T> x) => Chain(Rules.CosPi(x.Value), x);

    /// <summary>tan(πx); the derivative is <see cref="Rules.TanPi{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>tan(πx) with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> TanPi(Dual<T> x) => Chain(Rules.TanPi(x.Value), x);

    /// <summary>asin x; the derivative is <see cref="Rules.Asin{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>asin x with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Asin(Dual<T> x) => Chain(Rules.Asin(x.Value), x);

    /// <summary>acos x; the derivative is <see cref="Rules.Acos{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>acos x with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Acos(Dual<T> x) => Chain(Rules.Acos(x.Value), x);

    /// <summary>atan x; the derivative is <see cref="Rules.Atan{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>atan x with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Atan(Dual<T> x) => Chain(Rules.Atan(x.Value), x);

    /// <summary>asin(x)/π; the derivative is <see cref="Rules.AsinPi{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>asin(x)/π with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> AsinPi(Dual<T> x) => Chain(Rules.AsinPi(x.Value), x);

    /// <summary>acos(x)/π; the derivative is <see cref="Rules.AcosPi{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>acos(x)/π with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> AcosPi(Dual<T> x) => Chain(Rules.AcosPi(x.Value), x);

    /// <summary>atan(x)/π; the derivative is <see cref="Rules.AtanPi{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>atan(x)/π with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> AtanPi(Dual<T> x) => Chain(Rules.AtanPi(x.Value), x);

    /// <summary>sinh x; the derivative is <see cref="Rules.Sinh{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>sinh x with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Sinh(Dual<T> x) => Chain(Rules.Sinh(x.Value), x);

    /// <summary>cosh x; the derivative is <see cref="Rules.Cosh{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>cosh x with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Cosh(Dual<T> x) => Chain(Rules.Cosh(x.Value), x);

    /// <summary>tanh x; the derivative is <see cref="Rules.Tanh{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>tanh x with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Tanh(Dual<T> x) => Chain(Rules.Tanh(x.Value), x);

    /// <summary>asinh x; the derivative is <see cref="Rules.Asinh{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>asinh x with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Asinh(Dual<T> x) => Chain(Rules.Asinh(x.Value), x);

    /// <summary>acosh x; the derivative is <see cref="Rules.Acosh{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>acosh x with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Acosh(Dual<T> x) => Chain(Rules.Acosh(x.Value), x);

    /// <summary>atanh x; the derivative is <see cref="Rules.Atanh{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>atanh x with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Atanh(Dual<T> x) => Chain(Rules.Atanh(x.Value), x);

    /// <summary>the logistic sigmoid σ(x) = 1/(1 + e⁻ˣ); the derivative is <see cref="Rules.Sigmoid{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>the logistic sigmoid σ(x) = 1/(1 + e⁻ˣ) with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Sigmoid(Dual<T> x) => Chain(Rules.Sigmoid(x.Value), x);

    /// <summary>softplus(x) = ln(1 + eˣ); the derivative is <see cref="Rules.Softplus{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>softplus(x) = ln(1 + eˣ) with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Softplus(Dual<T> x) => Chain(Rules.Softplus(x.Value), x);

    /// <summary>relu(x) = max(x, 0); the derivative is <see cref="Rules.Relu{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>relu(x) = max(x, 0) with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Relu(Dual<T> x) => Chain(Rules.Relu(x.Value), x);

    /// <summary>atan2(y, x); the partials are <see cref="Rules.Atan2{T}"/>.</summary>
    /// <param name="y">First argument.</param><param name="x">Second argument.</param>
    /// <returns>atan2(y, x) with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Atan2(Dual<T> y, Dual<T> x) => Chain(Rules.Atan2(y.Value, x.Value), y, x);

    /// <summary>atan2(y, x)/π; the partials are <see cref="Rules.Atan2Pi{T}"/>.</summary>
    /// <param name="y">First argument.</param><param name="x">Second argument.</param>
    /// <returns>atan2(y, x)/π with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Atan2Pi(Dual<T> y, Dual<T> x) => Chain(Rules.Atan2Pi(y.Value, x.Value), y, x);

    /// <summary>√(x² + y²); the partials are <see cref="Rules.Hypot{T}"/>.</summary>
    /// <param name="x">First argument.</param><param name="y">Second argument.</param>
    /// <returns>√(x² + y²) with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Hypot(Dual<T> x, Dual<T> y) => Chain(Rules.Hypot(x.Value, y.Value), x, y);

    /// <summary>log of x in the given base; the partials are <see cref="Rules.LogBase{T}"/>.</summary>
    /// <param name="x">First argument.</param><param name="newBase">Second argument.</param>
    /// <returns>log of x in the given base with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Log(Dual<T> x, Dual<T> newBase) => Chain(Rules.LogBase(x.Value, newBase.Value), x, newBase);

    /// <summary>xʸ. A constant exponent takes the one-argument rule (with the multiply-only path for integer y),
    /// so ln x is never formed for it; see <see cref="Rules.Pow{T}"/> for the zero-base convention.</summary>
    /// <param name="x">The base.</param><param name="y">The exponent.</param>
    /// <returns>xʸ with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Pow(Dual<T> x, Dual<T> y) =>
        T.IsZero(y.Tangent) ? Chain(Rules.PowConstant(x.Value, y.Value), x) : Chain(Rules.Pow(x.Value, y.Value), x, y);

    /// <summary>xⁿ for an integer n, by multiplication only.</summary>
    /// <param name="x">The base.</param><param name="n">The exponent.</param>
    /// <returns>xⁿ with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> Pow(Dual<T> x, int n) => Chain(Rules.PowInteger(x.Value, n), x);

    /// <summary>The n-th root x^(1/n).</summary>
    /// <param name="x">The argument.</param><param name="n">The degree of the root.</param>
    /// <returns>x^(1/n) with its tangent.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Dual<T> RootN(Dual<T> x, int n) => Chain(Rules.RootN(x.Value, n), x);

    /// <summary>sin x and cos x together.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>(sin x, cos x), each with its tangent.</returns>
    public static (Dual<T> Sin, Dual<T> Cos) SinCos(Dual<T> x) => (Sin(x), Cos(x));

    /// <summary>sin(πx) and cos(πx) together.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>(sin πx, cos πx), each with its tangent.</returns>
    public static (Dual<T> SinPi, Dual<T> CosPi) SinCosPi(Dual<T> x) => (SinPi(x), CosPi(x));

    /// <summary>A user's primitive: the rule's value, and its derivative times the tangent (the same chain rule as a built-in).</summary>
    /// <param name="rule">The primitive.</param><param name="x">The argument.</param>
    /// <returns>rule(x) with its tangent.</returns>
    public static Dual<T> ApplyRule(IUnaryRule rule, Dual<T> x) => Chain(rule.Evaluate(x.Value), x);

    /// <summary>A user's two-argument primitive: the rule's value, and ∂f/∂x·dx + ∂f/∂y·dy (the same chain rule as a built-in).</summary>
    /// <param name="rule">The primitive.</param><param name="x">The first argument.</param><param name="y">The second argument.</param>
    /// <returns>rule(x, y) with its tangent.</returns>
    public static Dual<T> ApplyRule(IBinaryRule rule, Dual<T> x, Dual<T> y) => Chain(rule.Evaluate(x.Value, y.Value), x, y);
}
