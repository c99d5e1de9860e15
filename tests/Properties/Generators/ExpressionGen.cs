// The course's raw material: random composite functions. An expression tree over inputs x0..x(n−1) uses every smooth
// primitive the generic-math interface offers (plus two custom primitives, σ and logaddexp), each placed where it is
// smooth, so that a failing property is a bug in the chain rule and never a singularity:
//   log-family and sqrt/cbrt/root take 1 + e² (> 0);  division divides by 1 + e²;  asin/acos/atanh take 0.9·tanh(e);
//   acosh takes 1.1 + e²;  tan/tanπ take a tanh-squashed argument (|·| < π/2);  exponentials and sinh/cosh take
//   2·tanh(e) so nested exponentials cannot overflow;  pow has base 1 + a² and exponent tanh(b);  atan2 and hypot keep
//   their second argument ≥ 1.
// Non-smooth primitives (abs, min/max, floor, round, copysign) are left out on purpose: they are tested by their
// documented conventions elsewhere, and at a random point they only test that the convention is followed.
// Beyond the domain of each primitive, magnitudes are kept moderate: a case is drawn again unless every node's value at
// the point lies within ±ExpressionGen.Bound (see there for why), and CsCheck's size starts with the node count, so a
// failure shrinks to the smallest tree first (see ExpressionGen.ByNodes).
using System.Globalization;
using System.Numerics;
using CsCheck;
using DualGrad.Forward;
using Size = CsCheck.Size;

namespace DualGrad.Properties.Generators;

public enum UnaryOp
{
    Neg, Square, Sin, Cos, Tan, SinPi, CosPi, TanPi, Asin, Acos, Atan, AsinPi, AcosPi, AtanPi,
    Sinh, Cosh, Tanh, Asinh, Acosh, Atanh, Exp, Exp2, Exp10, ExpM1, Exp2M1, Exp10M1,
    Log, Log2, Log10, LogP1, Log2P1, Log10P1, Sqrt, Cbrt, Root4, PowConst, Sigmoid,
}

public enum BinaryOp { Add, Subtract, Multiply, Divide, Pow, Atan2, Atan2Pi, Hypot, LogBase, LogAddExp }

/// <summary>An immutable expression tree; <see cref="Evaluate{T}"/> runs on double, dual numbers and Var alike.</summary>
public abstract record Expr
{
    public abstract T Evaluate<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>;

    /// <summary>The number of nodes.</summary>
    public abstract int Nodes { get; }

    /// <summary>The largest |value| of any node of the tree at x (NaN if a node is NaN).</summary>
    public double Largest(double[] x)
    {
        var own = Math.Abs(Evaluate<double>(x));
        var below = this switch
        {
            Unary u => u.Arg.Largest(x),
            Binary b => Math.Max(b.Left.Largest(x), b.Right.Largest(x)),
            _ => 0,
        };
        return Math.Max(own, below);
    }

    protected static string Num(double c) => c.ToString("G6", CultureInfo.InvariantCulture);
}

public sealed record Var(int Index) : Expr
{
    public override T Evaluate<T>(ReadOnlySpan<T> x) => x[Index];
    public override int Nodes => 1;
    public override string ToString() => $"x{Index}";
}

public sealed record Const(double Value) : Expr
{
    public override T Evaluate<T>(ReadOnlySpan<T> x) => T.CreateChecked(Value);
    public override int Nodes => 1;
    public override string ToString() => Value < 0 ? $"({Num(Value)})" : Num(Value);
}

public sealed record Unary(UnaryOp Op, Expr Arg, double Constant = 0) : Expr
{
    public override int Nodes => 1 + Arg.Nodes;

    public override T Evaluate<T>(ReadOnlySpan<T> x)
    {
        var e = Arg.Evaluate(x);
        T one = T.One, sq = one + e * e, sq1 = T.CreateChecked(1.1) + e * e;
        T squash = T.Tanh(e), in1 = T.CreateChecked(0.9) * squash, big = T.CreateChecked(2) * squash;
        return Op switch
        {
            UnaryOp.Neg => -e,
            UnaryOp.Square => e * e,
            UnaryOp.Sin => T.Sin(e),
            UnaryOp.Cos => T.Cos(e),
            UnaryOp.Tan => T.Tan(squash),
            UnaryOp.SinPi => T.SinPi(e),
            UnaryOp.CosPi => T.CosPi(e),
            UnaryOp.TanPi => T.TanPi(T.CreateChecked(0.4) * squash),
            UnaryOp.Asin => T.Asin(in1),
            UnaryOp.Acos => T.Acos(in1),
            UnaryOp.Atan => T.Atan(e),
            UnaryOp.AsinPi => T.AsinPi(in1),
            UnaryOp.AcosPi => T.AcosPi(in1),
            UnaryOp.AtanPi => T.AtanPi(e),
            UnaryOp.Sinh => T.Sinh(big),
            UnaryOp.Cosh => T.Cosh(big),
            UnaryOp.Tanh => T.Tanh(e),
            UnaryOp.Asinh => T.Asinh(e),
            UnaryOp.Acosh => T.Acosh(sq1),
            UnaryOp.Atanh => T.Atanh(in1),
            UnaryOp.Exp => T.Exp(big),
            UnaryOp.Exp2 => T.Exp2(big),
            UnaryOp.Exp10 => T.Exp10(squash),
            UnaryOp.ExpM1 => T.ExpM1(big),
            UnaryOp.Exp2M1 => T.Exp2M1(big),
            UnaryOp.Exp10M1 => T.Exp10M1(squash),
            UnaryOp.Log => T.Log(sq),
            UnaryOp.Log2 => T.Log2(sq),
            UnaryOp.Log10 => T.Log10(sq),
            UnaryOp.LogP1 => T.LogP1(e * e),
            UnaryOp.Log2P1 => T.Log2P1(e * e),
            UnaryOp.Log10P1 => T.Log10P1(e * e),
            UnaryOp.Sqrt => T.Sqrt(sq),
            UnaryOp.Cbrt => T.Cbrt(sq),
            UnaryOp.Root4 => T.RootN(sq, 4),
            UnaryOp.PowConst => T.Pow(sq, T.CreateChecked(Constant)),
            UnaryOp.Sigmoid => Sigmoid.Instance.Apply(e),
            _ => throw new ArgumentOutOfRangeException(nameof(Op), Op, null),
        };
    }

    public override string ToString()
    {
        var e = Arg.ToString();
        string sq = $"1 + ({e})²", th = $"tanh({e})";
        return Op switch
        {
            UnaryOp.Neg => $"−({e})",
            UnaryOp.Square => $"({e})²",
            UnaryOp.Tan => $"tan({th})",
            UnaryOp.TanPi => $"tanπ(0.4·{th})",
            UnaryOp.Asin or UnaryOp.Acos or UnaryOp.AsinPi or UnaryOp.AcosPi or UnaryOp.Atanh => $"{Name}(0.9·{th})",
            UnaryOp.Sinh or UnaryOp.Cosh or UnaryOp.Exp or UnaryOp.Exp2 or UnaryOp.ExpM1 or UnaryOp.Exp2M1 => $"{Name}(2·{th})",
            UnaryOp.Exp10 or UnaryOp.Exp10M1 => $"{Name}({th})",
            UnaryOp.Acosh => $"acosh(1.1 + ({e})²)",
            UnaryOp.Log or UnaryOp.Log2 or UnaryOp.Log10 or UnaryOp.Sqrt or UnaryOp.Cbrt => $"{Name}({sq})",
            UnaryOp.LogP1 or UnaryOp.Log2P1 or UnaryOp.Log10P1 => $"{Name}(({e})²)",
            UnaryOp.Root4 => $"⁴√({sq})",
            UnaryOp.PowConst => $"({sq})^{Num(Constant)}",
            _ => $"{Name}({e})",
        };
    }

    private string Name => Op switch
    {
        UnaryOp.SinPi => "sinπ", UnaryOp.CosPi => "cosπ", UnaryOp.AsinPi => "asinπ", UnaryOp.AcosPi => "acosπ",
        UnaryOp.AtanPi => "atanπ", UnaryOp.Log2 => "log₂", UnaryOp.Log10 => "log₁₀", UnaryOp.LogP1 => "log1p",
        UnaryOp.Log2P1 => "log₂1p", UnaryOp.Log10P1 => "log₁₀1p", UnaryOp.Exp2 => "exp₂", UnaryOp.Exp10 => "exp₁₀",
        UnaryOp.ExpM1 => "expm1", UnaryOp.Exp2M1 => "exp₂m1", UnaryOp.Exp10M1 => "exp₁₀m1", UnaryOp.Sigmoid => "σ*",
        _ => Op.ToString().ToLowerInvariant(),
    };
}

public sealed record Binary(BinaryOp Op, Expr Left, Expr Right) : Expr
{
    public override int Nodes => 1 + Left.Nodes + Right.Nodes;

    public override T Evaluate<T>(ReadOnlySpan<T> x)
    {
        T a = Left.Evaluate(x), b = Right.Evaluate(x), one = T.One;
        return Op switch
        {
            BinaryOp.Add => a + b,
            BinaryOp.Subtract => a - b,
            BinaryOp.Multiply => a * b,
            BinaryOp.Divide => a / (one + b * b),
            BinaryOp.Pow => T.Pow(one + a * a, T.Tanh(b)),
            BinaryOp.Atan2 => T.Atan2(a, one + b * b),
            BinaryOp.Atan2Pi => T.Atan2Pi(a, one + b * b),
            BinaryOp.Hypot => T.Hypot(a, one + b * b),
            BinaryOp.LogBase => T.Log(one + a * a, T.CreateChecked(2) + b * b),
            BinaryOp.LogAddExp => LogAddExp.Instance.Apply(a, b),
            _ => throw new ArgumentOutOfRangeException(nameof(Op), Op, null),
        };
    }

    public override string ToString() => Op switch
    {
        BinaryOp.Add => $"({Left} + {Right})",
        BinaryOp.Subtract => $"({Left} − {Right})",
        BinaryOp.Multiply => $"{Left}·{Right}",
        BinaryOp.Divide => $"{Left} / (1 + ({Right})²)",
        BinaryOp.Pow => $"(1 + ({Left})²)^tanh({Right})",
        BinaryOp.Atan2 => $"atan2({Left}, 1 + ({Right})²)",
        BinaryOp.Atan2Pi => $"atan2π({Left}, 1 + ({Right})²)",
        BinaryOp.Hypot => $"hypot({Left}, 1 + ({Right})²)",
        BinaryOp.LogBase => $"log_(2 + ({Right})²)(1 + ({Left})²)",
        BinaryOp.LogAddExp => $"logaddexp*({Left}, {Right})",
        _ => Op.ToString(),
    };
}

/// <summary>A custom primitive (the logistic σ) defined once as a rule: it takes part in every property like a built-in.</summary>
public sealed class Sigmoid : IUnaryRule
{
    public static readonly Sigmoid Instance = new();

    public string Name => "sigmoid";

    public Local<T> Evaluate<T>(T x) where T : IFloatingPointIeee754<T>
    {
        var s = T.One / (T.One + T.Exp(-x));
        return new(s, s * (T.One - s));
    }
}

/// <summary>
/// A custom two-argument primitive, log(eˣ + eʸ), defined once as a rule: stable where the composition overflows, and
/// smooth everywhere (at x = y, max may pick either argument: the value and partials do not depend on which).
/// </summary>
/// <param name="dyFactor">Scales the rule's ∂f/∂y: anything but 1 makes a wrong rule, for tests that must catch one.</param>
public sealed class LogAddExp(double dyFactor = 1) : IBinaryRule
{
    public static readonly LogAddExp Instance = new();

    public string Name => "logaddexp";

    public Local2<T> Evaluate<T>(T x, T y) where T : IFloatingPointIeee754<T>
    {
        var m = T.Max(x, y);
        T ex = T.Exp(x - m), ey = T.Exp(y - m), s = ex + ey;
        return new(m + T.Log(s), ex / s, T.CreateChecked(dyFactor) * ey / s);
    }

    /// <summary>The same function from built-in primitives (overflows past x or y ≈ 709), the reference the rule must match.</summary>
    public static T Composed<T>(T x, T y) where T : IFloatingPointIeee754<T> => T.Log(T.Exp(x) + T.Exp(y));
}

/// <summary>An expression as a function for the facade.</summary>
public sealed class ExprFunction(Expr expr) : IScalarFunction
{
    public Expr Expr => expr;
    public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T> => expr.Evaluate(x);
    public override string ToString() => expr.ToString();
}

/// <summary>Several expressions as one vector function ℝⁿ → ℝᵐ.</summary>
public sealed class ExprVector(Expr[] outputs) : IVectorFunction
{
    public Expr[] Outputs => outputs;
    public int OutputLength(int inputLength) => outputs.Length;

    public void Invoke<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T>
    {
        for (var i = 0; i < outputs.Length; i++) y[i] = outputs[i].Evaluate(x);
    }

    public override string ToString() => "(" + string.Join(", ", outputs.Select(o => o.ToString())) + ")";
}

/// <summary>A random function and a random point to test it at.</summary>
public sealed record Case(Expr F, double[] X)
{
    public int N => X.Length;
    public override string ToString() => $"f(x) = {F}\n  at x = [{string.Join(", ", X.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}]";
}

/// <summary>A random vector function and a point.</summary>
public sealed record VectorCase(Expr[] F, double[] X)
{
    public override string ToString() => $"f(x) = {new ExprVector(F)}\n  at x = [{string.Join(", ", X.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}]";
}

public static class ExpressionGen
{
    /// <summary>Trees at most this deep (a path from the root to a leaf has at most MaxDepth + 1 nodes).</summary>
    public const int MaxDepth = 5;

    /// <summary>
    /// Iterations per property: DUALGRAD_ITER if set; DUALGRAD_SOAK=1 multiplies the default by 100; otherwise 200
    /// (the whole course then runs in well under a minute on 2 cores).
    /// </summary>
    public static readonly int Iterations =
        int.TryParse(Environment.GetEnvironmentVariable("DUALGRAD_ITER"), out var n) && n > 0 ? n
        : Environment.GetEnvironmentVariable("DUALGRAD_SOAK") is "1" or "true" ? 20_000 : 200;

    private static readonly Gen<UnaryOp> UnaryOps = Gen.Enum<UnaryOp>();
    private static readonly Gen<BinaryOp> BinaryOps = Gen.Enum<BinaryOp>();

    /// <summary>
    /// The largest |value| any node may take at the test point. Beyond ±32 nothing is left to test and the float64
    /// error model breaks down: tanh and σ are flat there (tanh′(32) ≈ 6e-28), so a subtree below them contributes
    /// nothing a property can see; sin, cos, sinπ, cosπ of large arguments oscillate so fast that finite differences at
    /// any float64 step are meaningless; and second-order rules overflow: tanh′ = 1/cosh² has cosh² = ∞ past ≈ 355 and
    /// e⁻ˣ = ∞ past 709, where a nested dual number then divides ∞ by ∞ (a 10,000-case soak found H = NaN on
    /// (1 + a²)^tanh(b) with b ≈ 700). 32 keeps all of these far away and rejects about 0.5 % of the drawn cases.
    /// </summary>
    public const double Bound = 32;

    /// <summary>True unless a node of <paramref name="e"/> exceeds <see cref="Bound"/> at x (NaN passes, to be reported).</summary>
    public static bool Moderate(Expr e, double[] x) => !(e.Largest(x) > Bound);

    /// <summary>
    /// Makes the node count the first component of CsCheck's size. CsCheck keeps a failing case only if a later failure
    /// is smaller, comparing sizes component by component; without this the first component would be whatever the
    /// outermost generator put there (the random draw of Gen.Frequency for the root, or n·2³² for an array of n
    /// coordinates), so a 40-node tree with a "small" root could count as smaller than a 3-node one. With it, fewer
    /// nodes always win, and ties are broken by the inner sizes (leaf before unary before binary, small integers before
    /// other constants, simpler coordinates).
    /// </summary>
    public static Gen<T> ByNodes<T>(this Gen<T> gen, Func<T, int> nodes) => new NodeSized<T>(gen, nodes);

    private sealed class NodeSized<T>(Gen<T> gen, Func<T, int> nodes) : Gen<T>
    {
        public override T Generate(PCG pcg, Size? min, out Size size)
        {
            // CsCheck compares min with the size level by level, and below the node count the levels are the inner
            // generator's, so the inner generator gets no min: that only gives up its early exit on a case already too big.
            var value = gen.Generate(pcg, null, out var inner);
            size = new Size((ulong)nodes(value), inner);
            return value;
        }
    }

    /// <summary>Constants: small integers most of the time (they shrink to 0, 1, 2), otherwise Gen.Double[−3, 3].</summary>
    public static readonly Gen<double> Constant = Gen.Frequency((2, Gen.Int[-3, 3].Select(i => (double)i)), (1, Gen.Double[-3, 3]));

    /// <summary>Expression trees over n inputs, sized by node count (<see cref="ByNodes{T}"/>).</summary>
    public static Gen<Expr> Expression(int n) => Tree(n).ByNodes(e => e.Nodes);

    private static Gen<Expr> Tree(int n)
    {
        var leaf = Gen.Frequency(
            (3, Gen.Int[0, n - 1].Select(i => (Expr)new Var(i))),
            (1, Constant.Select(c => (Expr)new Const(c))));
        return Gen.Recursive<Expr>((depth, self) => depth >= MaxDepth
            ? leaf
            : Gen.Frequency(
                (2, leaf),
                (3, Gen.Select(UnaryOps, self, Gen.Double[-2, 2], (op, e, c) => (Expr)new Unary(op, e, c))),
                (3, Gen.Select(BinaryOps, self, self, (op, a, b) => (Expr)new Binary(op, a, b)))));
    }

    /// <summary>A point with coordinates in [−2, 2].</summary>
    public static Gen<double[]> Point(int n) => Gen.Double[-2, 2].Array[n];

    /// <summary>A random scalar function of 1 to 6 inputs and a point where it is moderate, sized by node count.</summary>
    public static readonly Gen<Case> Cases =
        Gen.Int[1, 6].SelectMany(n => Gen.Select(Tree(n), Point(n), (f, x) => new Case(f, x)))
            .Where(c => Moderate(c.F, c.X)).ByNodes(c => c.F.Nodes);

    /// <summary>A random vector function ℝⁿ → ℝᵐ (n 1..6, m 1..3) and a point where it is moderate, sized by node count.</summary>
    public static readonly Gen<VectorCase> VectorCases =
        Gen.Select(Gen.Int[1, 6], Gen.Int[1, 3]).SelectMany((n, m) => Gen.Select(Tree(n).Array[m], Point(n), (f, x) => new VectorCase(f, x)))
            .Where(c => c.F.All(e => Moderate(e, c.X))).ByNodes(c => c.F.Sum(e => e.Nodes));

    /// <summary>A random direction of length n with coordinates in [−1, 1].</summary>
    public static Gen<double[]> Direction(int n) => Gen.Double[-1, 1].Array[n];
}
