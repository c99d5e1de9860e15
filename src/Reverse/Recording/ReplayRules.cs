using System.Numerics;
using System.Runtime.CompilerServices;
using DualGrad.Forward;

namespace DualGrad.Reverse;

// Replay's dispatch table: from a recorded opcode back to the same rule in Rules that recorded it.
// No derivative formula lives here; a new primitive adds one line.
internal static class ReplayRules
{
    // The arithmetic opcodes (most steps of most recordings) dispatch inline; the rest go through one call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local2<T> Evaluate<T>(Primitive op, T x, T y) where T : IFloatingPointIeee754<T> => op switch
    {
        Primitive.Add => Rules.Add(x, y),
        Primitive.Subtract => Rules.Subtract(x, y),
        Primitive.Multiply => Rules.Multiply(x, y),
        Primitive.Square => Squared(Rules.Multiply(x, x)),
        _ => EvaluateOther(op, x, y),
    };

    // A square's one parent takes both partials of the product (it has no second parent, so no second partial).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Local2<T> Squared<T>(Local2<T> product) where T : IFloatingPointIeee754<T> => new(product.Value, product.DX + product.DY, T.Zero);

    // Not inlined into the interpreter's loop (a jump table there, kept out of the hot loop's code)...
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Local2<T> EvaluateOther<T>(Primitive op, T x, T y) where T : IFloatingPointIeee754<T> => EvaluateAny(op, x, y);

    /// <summary>
    /// Every opcode, inlined: compiled replay calls this with the opcode a constant, and the JIT keeps only that rule.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Local2<T> EvaluateInlined<T>(Primitive op, T x, T y) where T : IFloatingPointIeee754<T> => op switch
    {
        Primitive.Add or Primitive.Subtract or Primitive.Multiply or Primitive.Square => Evaluate(op, x, y),
        _ => EvaluateAny(op, x, y),
    };

    // ...and everywhere else the switch below folds to one rule, because the opcode is known.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Local2<T> EvaluateAny<T>(Primitive op, T x, T y) where T : IFloatingPointIeee754<T> => op switch
    {
        Primitive.Negate => One(Rules.Negate(x), y),
        Primitive.Reciprocal => One(Rules.Reciprocal(x), y),
        Primitive.ReciprocalSqrt => One(Rules.ReciprocalSqrt(x), y),
        Primitive.Exp => One(Rules.Exp(x), y),
        Primitive.Exp2 => One(Rules.Exp2(x), y),
        Primitive.Exp10 => One(Rules.Exp10(x), y),
        Primitive.ExpM1 => One(Rules.ExpM1(x), y),
        Primitive.Exp2M1 => One(Rules.Exp2M1(x), y),
        Primitive.Exp10M1 => One(Rules.Exp10M1(x), y),
        Primitive.Log => One(Rules.Log(x), y),
        Primitive.Log2 => One(Rules.Log2(x), y),
        Primitive.Log10 => One(Rules.Log10(x), y),
        Primitive.LogP1 => One(Rules.LogP1(x), y),
        Primitive.Log2P1 => One(Rules.Log2P1(x), y),
        Primitive.Log10P1 => One(Rules.Log10P1(x), y),
        Primitive.Sqrt => One(Rules.Sqrt(x), y),
        Primitive.Cbrt => One(Rules.Cbrt(x), y),
        Primitive.Sin => One(Rules.Sin(x), y),
        Primitive.Cos => One(Rules.Cos(x), y),
        Primitive.Tan => One(Rules.Tan(x), y),
        Primitive.SinPi => One(Rules.SinPi(x), y),
        Primitive.CosPi => One(Rules.CosPi(x), y),
        Primitive.TanPi => One(Rules.TanPi(x), y),
        Primitive.Asin => One(Rules.Asin(x), y),
        Primitive.Acos => One(Rules.Acos(x), y),
        Primitive.Atan => One(Rules.Atan(x), y),
        Primitive.AsinPi => One(Rules.AsinPi(x), y),
        Primitive.AcosPi => One(Rules.AcosPi(x), y),
        Primitive.AtanPi => One(Rules.AtanPi(x), y),
        Primitive.Sinh => One(Rules.Sinh(x), y),
        Primitive.Cosh => One(Rules.Cosh(x), y),
        Primitive.Tanh => One(Rules.Tanh(x), y),
        Primitive.Asinh => One(Rules.Asinh(x), y),
        Primitive.Acosh => One(Rules.Acosh(x), y),
        Primitive.Atanh => One(Rules.Atanh(x), y),
        Primitive.Abs => One(Rules.Abs(x), y),
        Primitive.Sigmoid => One(Rules.Sigmoid(x), y),
        Primitive.Softplus => One(Rules.Softplus(x), y),
        Primitive.Relu => One(Rules.Relu(x), y),
        Primitive.Divide => Rules.Divide(x, y),
        Primitive.Remainder => Rules.Remainder(x, y),
        Primitive.Ieee754Remainder => Rules.Ieee754Remainder(x, y),
        Primitive.LogBase => Rules.LogBase(x, y),
        Primitive.Pow => Rules.Pow(x, y),
        Primitive.Hypot => Rules.Hypot(x, y),
        Primitive.Atan2 => Rules.Atan2(x, y),
        Primitive.Atan2Pi => Rules.Atan2Pi(x, y),
        Primitive.Max => Rules.Max(x, y),
        Primitive.Min => Rules.Min(x, y),
        Primitive.CopySign => Rules.CopySign(x, y),
        Primitive.ScaleB => One(Rules.ScaleB(x, int.CreateTruncating(y)), y),
        Primitive.PowInteger => One(Rules.PowInteger(x, int.CreateTruncating(y)), y),
        Primitive.PowConstant => One(Rules.PowConstant(x, y), y),
        Primitive.RootN => One(Rules.RootN(x, int.CreateTruncating(y)), y),
        Primitive.Floor => One(Rules.Rounding(T.Floor(x)), y),
        Primitive.Ceiling => One(Rules.Rounding(T.Ceiling(x)), y),
        Primitive.Truncate => One(Rules.Rounding(T.Truncate(x)), y),
        Primitive.Round => One(Rules.Rounding(T.Round(x, int.CreateTruncating(y) / 8, (MidpointRounding)(int.CreateTruncating(y) % 8))), y),
        Primitive.BitIncrement => One(Rules.Nudge(T.BitIncrement(x)), y),
        Primitive.BitDecrement => One(Rules.Nudge(T.BitDecrement(x)), y),
        _ => throw new NotSupportedException($"Step {op} cannot be replayed."),
    };

    // A one-argument step keeps its second slot (a parameter or nothing) unchanged.
    private static Local2<T> One<T>(Local<T> rule, T parameter) where T : IFloatingPointIeee754<T> => new(rule.Value, rule.Derivative, parameter);
}
