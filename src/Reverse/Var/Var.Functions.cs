using System.Runtime.CompilerServices;
using System.Numerics;

using DualGrad.Forward;

namespace DualGrad.Reverse;

// Elementary functions: each is one line that reads the rule (value and local derivative) from Rules.
// The rule, its conventions and its derivative formula live in src/Forward/Rules.
public readonly partial struct Var<T> : ICustomRuleTarget<Var<T>>
{
    /// <summary>eˣ; the derivative is <see cref="Rules.Exp{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>eˣ recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Exp(Var<T> x) => Chain(Primitive.Exp, Rules.Exp(x.Value), x);

    /// <summary>2ˣ; the derivative is <see cref="Rules.Exp2{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>2ˣ recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Exp2(Var<T> x) => Chain(Primitive.Exp2, Rules.Exp2(x.Value), x);

    /// <summary>10ˣ; the derivative is <see cref="Rules.Exp10{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>10ˣ recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Exp10(Var<T> x) => Chain(Primitive.Exp10, Rules.Exp10(x.Value), x);

    /// <summary>eˣ - 1; the derivative is <see cref="Rules.ExpM1{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>eˣ - 1 recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> ExpM1(Var<T> x) => Chain(Primitive.ExpM1, Rules.ExpM1(x.Value), x);

    /// <summary>2ˣ - 1; the derivative is <see cref="Rules.Exp2M1{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>2ˣ - 1 recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Exp2M1(Var<T> x) => Chain(Primitive.Exp2M1, Rules.Exp2M1(x.Value), x);

    /// <summary>10ˣ - 1; the derivative is <see cref="Rules.Exp10M1{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>10ˣ - 1 recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Exp10M1(Var<T> x) => Chain(Primitive.Exp10M1, Rules.Exp10M1(x.Value), x);

    /// <summary>ln x; the derivative is <see cref="Rules.Log{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>ln x recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Log(Var<T> x) => Chain(Primitive.Log, Rules.Log(x.Value), x);

    /// <summary>log₂ x; the derivative is <see cref="Rules.Log2{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>log₂ x recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Log2(Var<T> x) => Chain(Primitive.Log2, Rules.Log2(x.Value), x);

    /// <summary>log₁₀ x; the derivative is <see cref="Rules.Log10{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>log₁₀ x recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Log10(Var<T> x) => Chain(Primitive.Log10, Rules.Log10(x.Value), x);

    /// <summary>ln(1 + x); the derivative is <see cref="Rules.LogP1{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>ln(1 + x) recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> LogP1(Var<T> x) => Chain(Primitive.LogP1, Rules.LogP1(x.Value), x);

    /// <summary>log₂(1 + x); the derivative is <see cref="Rules.Log2P1{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>log₂(1 + x) recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Log2P1(Var<T> x) => Chain(Primitive.Log2P1, Rules.Log2P1(x.Value), x);

    /// <summary>log₁₀(1 + x); the derivative is <see cref="Rules.Log10P1{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>log₁₀(1 + x) recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Log10P1(Var<T> x) => Chain(Primitive.Log10P1, Rules.Log10P1(x.Value), x);

    /// <summary>√x; the derivative is <see cref="Rules.Sqrt{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>√x recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Sqrt(Var<T> x) => Chain(Primitive.Sqrt, Rules.Sqrt(x.Value), x);

    /// <summary>∛x; the derivative is <see cref="Rules.Cbrt{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>∛x recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Cbrt(Var<T> x) => Chain(Primitive.Cbrt, Rules.Cbrt(x.Value), x);

    /// <summary>sin x; the derivative is <see cref="Rules.Sin{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>sin x recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Sin(Var<T> x) => Chain(Primitive.Sin, Rules.Sin(x.Value), x);

    /// <summary>cos x; the derivative is <see cref="Rules.Cos{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>cos x recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Cos(Var<T> x) => Chain(Primitive.Cos, Rules.Cos(x.Value), x);

    /// <summary>tan x; the derivative is <see cref="Rules.Tan{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>tan x recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Tan(Var<T> x) => Chain(Primitive.Tan, Rules.Tan(x.Value), x);

    /// <summary>sin(πx); the derivative is <see cref="Rules.SinPi{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>sin(πx) recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> SinPi(Var<T> x) => Chain(Primitive.SinPi, Rules.SinPi(x.Value), x);

    /// <summary>cos(πx); the derivative is <see cref="Rules.CosPi{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>cos(πx) recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> CosPi(Var<T> x) => Chain(Primitive.CosPi, Rules.CosPi(x.Value), x);

    /// <summary>tan(πx); the derivative is <see cref="Rules.TanPi{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>tan(πx) recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> TanPi(Var<T> x) => Chain(Primitive.TanPi, Rules.TanPi(x.Value), x);

    /// <summary>asin x; the derivative is <see cref="Rules.Asin{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>asin x recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Asin(Var<T> x) => Chain(Primitive.Asin, Rules.Asin(x.Value), x);

    /// <summary>acos x; the derivative is <see cref="Rules.Acos{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>acos x recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Acos(Var<T> x) => Chain(Primitive.Acos, Rules.Acos(x.Value), x);

    /// <summary>atan x; the derivative is <see cref="Rules.Atan{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>atan x recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Atan(Var<T> x) => Chain(Primitive.Atan, Rules.Atan(x.Value), x);

    /// <summary>asin(x)/π; the derivative is <see cref="Rules.AsinPi{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>asin(x)/π recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> AsinPi(Var<T> x) => Chain(Primitive.AsinPi, Rules.AsinPi(x.Value), x);

    /// <summary>acos(x)/π; the derivative is <see cref="Rules.AcosPi{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>acos(x)/π recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> AcosPi(Var<T> x) => Chain(Primitive.AcosPi, Rules.AcosPi(x.Value), x);

    /// <summary>atan(x)/π; the derivative is <see cref="Rules.AtanPi{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>atan(x)/π recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> AtanPi(Var<T> x) => Chain(Primitive.AtanPi, Rules.AtanPi(x.Value), x);

    /// <summary>sinh x; the derivative is <see cref="Rules.Sinh{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>sinh x recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Sinh(Var<T> x) => Chain(Primitive.Sinh, Rules.Sinh(x.Value), x);

    /// <summary>cosh x; the derivative is <see cref="Rules.Cosh{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>cosh x recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Cosh(Var<T> x) => Chain(Primitive.Cosh, Rules.Cosh(x.Value), x);

    /// <summary>tanh x; the derivative is <see cref="Rules.Tanh{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>tanh x recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Tanh(Var<T> x) => Chain(Primitive.Tanh, Rules.Tanh(x.Value), x);

    /// <summary>asinh x; the derivative is <see cref="Rules.Asinh{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>asinh x recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Asinh(Var<T> x) => Chain(Primitive.Asinh, Rules.Asinh(x.Value), x);

    /// <summary>acosh x; the derivative is <see cref="Rules.Acosh{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>acosh x recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Acosh(Var<T> x) => Chain(Primitive.Acosh, Rules.Acosh(x.Value), x);

    /// <summary>atanh x; the derivative is <see cref="Rules.Atanh{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>atanh x recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Atanh(Var<T> x) => Chain(Primitive.Atanh, Rules.Atanh(x.Value), x);

    /// <summary>the logistic sigmoid σ(x) = 1/(1 + e⁻ˣ); the derivative is <see cref="Rules.Sigmoid{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>the logistic sigmoid σ(x) = 1/(1 + e⁻ˣ) recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Sigmoid(Var<T> x) => Chain(Primitive.Sigmoid, Rules.Sigmoid(x.Value), x);

    /// <summary>softplus(x) = ln(1 + eˣ); the derivative is <see cref="Rules.Softplus{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>softplus(x) = ln(1 + eˣ) recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Softplus(Var<T> x) => Chain(Primitive.Softplus, Rules.Softplus(x.Value), x);

    /// <summary>relu(x) = max(x, 0); the derivative is <see cref="Rules.Relu{T}"/>.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>relu(x) = max(x, 0) recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Relu(Var<T> x) => Chain(Primitive.Relu, Rules.Relu(x.Value), x);

    /// <summary>atan2(y, x); the partials are <see cref="Rules.Atan2{T}"/>.</summary>
    /// <param name="y">First argument.</param><param name="x">Second argument.</param>
    /// <returns>atan2(y, x) recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Atan2(Var<T> y, Var<T> x) => Chain(Primitive.Atan2, Rules.Atan2(y.Value, x.Value), y, x);

    /// <summary>atan2(y, x)/π; the partials are <see cref="Rules.Atan2Pi{T}"/>.</summary>
    /// <param name="y">First argument.</param><param name="x">Second argument.</param>
    /// <returns>atan2(y, x)/π recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Atan2Pi(Var<T> y, Var<T> x) => Chain(Primitive.Atan2Pi, Rules.Atan2Pi(y.Value, x.Value), y, x);

    /// <summary>√(x² + y²); the partials are <see cref="Rules.Hypot{T}"/>.</summary>
    /// <param name="x">First argument.</param><param name="y">Second argument.</param>
    /// <returns>√(x² + y²) recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Hypot(Var<T> x, Var<T> y) => Chain(Primitive.Hypot, Rules.Hypot(x.Value, y.Value), x, y);

    /// <summary>log of x in the given base; the partials are <see cref="Rules.LogBase{T}"/>.</summary>
    /// <param name="x">First argument.</param><param name="newBase">Second argument.</param>
    /// <returns>log of x in the given base recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Log(Var<T> x, Var<T> newBase) => Chain(Primitive.LogBase, Rules.LogBase(x.Value, newBase.Value), x, newBase);

    /// <summary>xʸ. A constant exponent takes the one-argument rule (with the multiply-only path for integer y),
    /// so ln x is never formed for it; see <see cref="Rules.Pow{T}"/> for the zero-base convention.</summary>
    /// <param name="x">The base.</param><param name="y">The exponent.</param>
    /// <returns>xʸ recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Pow(Var<T> x, Var<T> y) =>
        y.IsConstant ? Chain(Primitive.PowConstant, Rules.PowConstant(x.Value, y.Value), x, y.Value) : Chain(Primitive.Pow, Rules.Pow(x.Value, y.Value), x, y);

    /// <summary>xⁿ for an integer n, by multiplication only.</summary>
    /// <param name="x">The base.</param><param name="n">The exponent.</param>
    /// <returns>xⁿ recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> Pow(Var<T> x, int n) => Chain(Primitive.PowInteger, Rules.PowInteger(x.Value, n), x, T.CreateTruncating(n));

    /// <summary>The n-th root x^(1/n).</summary>
    /// <param name="x">The argument.</param><param name="n">The degree of the root.</param>
    /// <returns>x^(1/n) recorded.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var<T> RootN(Var<T> x, int n) => Chain(Primitive.RootN, Rules.RootN(x.Value, n), x, T.CreateTruncating(n));

    /// <summary>sin x and cos x together.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>(sin x, cos x), each recorded.</returns>
    public static (Var<T> Sin, Var<T> Cos) SinCos(Var<T> x) => (Sin(x), Cos(x));

    /// <summary>sin(πx) and cos(πx) together.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>(sin πx, cos πx), each recorded.</returns>
    public static (Var<T> SinPi, Var<T> CosPi) SinCosPi(Var<T> x) => (SinPi(x), CosPi(x));

    /// <summary>
    /// A user's primitive, recorded as a custom step whose pullback is a closure over the local derivative:
    /// <c>(adjoint, inputAdjoints) =&gt; inputAdjoints[0] += f'(x)·adjoint</c>.
    /// </summary>
    /// <param name="rule">The primitive.</param><param name="x">The argument.</param>
    /// <returns>rule(x), recorded.</returns>
    public static Var<T> ApplyRule(IUnaryRule rule, Var<T> x)
    {
        var (value, derivative) = rule.Evaluate(x.Value);
        if (x.Tape is not { } tape) return new(value);
        return tape.Custom(rule.Name, [x], value, (adjoint, inputAdjoints) => inputAdjoints[0] += derivative * adjoint);
    }

    /// <summary>
    /// A user's two-argument primitive, recorded as a custom step whose pullback is a closure over both partials:
    /// <c>(adjoint, inputAdjoints) =&gt; { inputAdjoints[0] += ∂f/∂x·adjoint; inputAdjoints[1] += ∂f/∂y·adjoint; }</c>.
    /// A constant argument receives nothing; the same variable in both places receives both contributions.
    /// </summary>
    /// <param name="rule">The primitive.</param><param name="x">The first argument.</param><param name="y">The second argument.</param>
    /// <returns>rule(x, y), recorded.</returns>
    public static Var<T> ApplyRule(IBinaryRule rule, Var<T> x, Var<T> y)
    {
        var (value, dx, dy) = rule.Evaluate(x.Value, y.Value);
        if (Tape<T>.Of(x, y) is not { } tape) return new(value);
        return tape.Custom(rule.Name, [x, y], value, (adjoint, inputAdjoints) =>
        {
            inputAdjoints[0] += dx * adjoint;
            inputAdjoints[1] += dy * adjoint;
        });
    }
}
