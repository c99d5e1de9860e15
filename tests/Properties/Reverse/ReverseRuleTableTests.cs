// Lesson: one local rule, read in both directions. Forward mode pushes a primitive's partial ∂f/∂xᵢ forward into a
// tangent (ẏ = Σ ∂f/∂xᵢ · ẋᵢ); reverse mode pulls the same partial back into an adjoint (x̄ᵢ += ∂f/∂xᵢ · ȳ).
// Both read the partial from the one rule in DualGrad.Forward.Rules, so for every primitive the two modes must agree.
using System.Numerics;
using DualGrad.Forward;
using DualGrad.Reverse;

namespace DualGrad.Properties.Reverse;

public sealed class ReverseRuleTableTests
{
    // Tolerance: 1 ulp. Both modes obtain each partial from the same Rules call at the same primal point. Reverse mode
    // then forms 1·∂f/∂xᵢ (seed 1) and adds it into a zero adjoint; forward mode forms ∂f/∂xᵢ·1 (tangent 1) and, for a
    // binary primitive, adds the other argument's exactly-zero contribution. Multiplying by 1 and adding 0 are exact in
    // IEEE arithmetic, so the results should be bitwise equal; the single ulp of slack only allows composite members
    // (FusedMultiplyAdd recorded as a product step and a fused sum step) to associate their exact-in-theory sums differently.
    private const int Ulps = 1;

    /// <summary>One row of the table: a primitive as reverse mode and forward mode spell it, and the points to test.</summary>
    /// <param name="Name">The row's name (the theory's data).</param>
    /// <param name="Records">The step reverse mode must record last; null for a selection that returns one of its arguments.</param>
    /// <param name="Reverse">The primitive on Var&lt;double&gt;.</param>
    /// <param name="Forward">The primitive on Dual&lt;double&gt;.</param>
    /// <param name="Points">Points inside the domain, several per primitive.</param>
    internal sealed record Case(string Name, Primitive? Records, ScalarFunc<Var<double>> Reverse, ScalarFunc<Dual<double>> Forward, double[][] Points);

    internal static readonly Case[] Table =
    [
        // Arithmetic.
        Binary("Add", Primitive.Add, (x, y) => x + y, (x, y) => x + y, (1.5, -2.25), (3, 7), (-0.1, 1e3)),
        Binary("Subtract", Primitive.Subtract, (x, y) => x - y, (x, y) => x - y, (1.5, -2.25), (3, 7), (-0.1, 1e3)),
        Binary("Multiply", Primitive.Multiply, (x, y) => x * y, (x, y) => x * y, (1.5, -2.25), (0, 3), (1e-3, 7)),
        Unary("Square (x·x)", Primitive.Square, x => x * x, x => x * x, -1.5, 0, 2),
        Binary("Divide", Primitive.Divide, (x, y) => x / y, (x, y) => x / y, (1.5, -2.25), (3, 7), (-1, 0.1)),
        Binary("Remainder", Primitive.Remainder, (x, y) => x % y, (x, y) => x % y, (7.5, 2), (-7.5, 2.25), (5.3, -1.7)),
        Binary("Ieee754Remainder", Primitive.Ieee754Remainder, Var<double>.Ieee754Remainder, Dual<double>.Ieee754Remainder, (7.3, 2.25), (-7.3, 2), (5.3, -1.7)),
        Unary("Negate", Primitive.Negate, x => -x, x => -x, -1.5, 0, 2),
        Unary("Increment", Primitive.Add, x => ++x, x => ++x, -1.5, 0, 2),
        Unary("Decrement", Primitive.Subtract, x => --x, x => --x, -1.5, 0, 2),
        Unary("ScaleB(x, 3)", Primitive.ScaleB, x => Var<double>.ScaleB(x, 3), x => Dual<double>.ScaleB(x, 3), -1.5, 0.1, 7),
        Unary("ScaleB(x, -5)", Primitive.ScaleB, x => Var<double>.ScaleB(x, -5), x => Dual<double>.ScaleB(x, -5), -1.5, 0.1, 7),
        Unary("Reciprocal", Primitive.Reciprocal, Var<double>.ReciprocalEstimate, Dual<double>.ReciprocalEstimate, 0.5, -3, 7),
        Unary("ReciprocalSqrt", Primitive.ReciprocalSqrt, Var<double>.ReciprocalSqrtEstimate, Dual<double>.ReciprocalSqrtEstimate, 0.25, 2, 9),
        Ternary("FusedMultiplyAdd", Primitive.FusedMultiplyAdd, Var<double>.FusedMultiplyAdd, Dual<double>.FusedMultiplyAdd, (2, 3, 4), (-1.5, 0.25, 7), (1e8, 1e-8, -1)),

        // Powers and roots, including the variable exponent.
        Unary("Pow(x, 3)", Primitive.PowInteger, x => Var<double>.Pow(x, 3), x => Dual<double>.Pow(x, 3), 1.5, -2, 0.7),
        Unary("Pow(x, -2)", Primitive.PowInteger, x => Var<double>.Pow(x, -2), x => Dual<double>.Pow(x, -2), 1.5, -2, 0.7),
        Unary("Pow(x, 0)", Primitive.PowInteger, x => Var<double>.Pow(x, 0), x => Dual<double>.Pow(x, 0), 1.5, -2, 0),
        Unary("Pow(x, const 2.5)", Primitive.PowConstant, x => Var<double>.Pow(x, Var<double>.Constant(2.5)), x => Dual<double>.Pow(x, Dual<double>.Constant(2.5)), 0.5, 2, 3),
        Unary("Pow(x, const 3)", Primitive.PowConstant, x => Var<double>.Pow(x, Var<double>.Constant(3)), x => Dual<double>.Pow(x, Dual<double>.Constant(3)), 0.5, -2, 3),
        Binary("Pow(x, y)", Primitive.Pow, Var<double>.Pow, Dual<double>.Pow, (2, 3), (1.5, 0.5), (0.7, -1.3), (2, 0), (3, 2.5)),
        Unary("Sqrt", Primitive.Sqrt, Var<double>.Sqrt, Dual<double>.Sqrt, 0.25, 2, 9),
        Unary("Cbrt", Primitive.Cbrt, Var<double>.Cbrt, Dual<double>.Cbrt, -8, 0.5, 27),
        Unary("RootN(x, 5)", Primitive.RootN, x => Var<double>.RootN(x, 5), x => Dual<double>.RootN(x, 5), 32, 0.3, -2),
        Unary("RootN(x, 2)", Primitive.RootN, x => Var<double>.RootN(x, 2), x => Dual<double>.RootN(x, 2), 4, 0.3, 10),
        Binary("Hypot", Primitive.Hypot, Var<double>.Hypot, Dual<double>.Hypot, (3, 4), (-1, 2), (0.5, -0.1)),

        // Exponentials and logarithms.
        Unary("Exp", Primitive.Exp, Var<double>.Exp, Dual<double>.Exp, -2, 0, 1.5),
        Unary("Exp2", Primitive.Exp2, Var<double>.Exp2, Dual<double>.Exp2, -1, 0.3, 2),
        Unary("Exp10", Primitive.Exp10, Var<double>.Exp10, Dual<double>.Exp10, -1, 0.3, 2),
        Unary("ExpM1", Primitive.ExpM1, Var<double>.ExpM1, Dual<double>.ExpM1, -1e-3, 0.5, 2),
        Unary("Exp2M1", Primitive.Exp2M1, Var<double>.Exp2M1, Dual<double>.Exp2M1, -1e-3, 0.5, 2),
        Unary("Exp10M1", Primitive.Exp10M1, Var<double>.Exp10M1, Dual<double>.Exp10M1, -1e-3, 0.5, 2),
        Unary("Log", Primitive.Log, Var<double>.Log, Dual<double>.Log, 0.5, 1, 7),
        Unary("Log2", Primitive.Log2, Var<double>.Log2, Dual<double>.Log2, 0.5, 1, 7),
        Unary("Log10", Primitive.Log10, Var<double>.Log10, Dual<double>.Log10, 0.5, 1, 7),
        Unary("LogP1", Primitive.LogP1, Var<double>.LogP1, Dual<double>.LogP1, -0.5, 1e-4, 3),
        Unary("Log2P1", Primitive.Log2P1, Var<double>.Log2P1, Dual<double>.Log2P1, -0.5, 1e-4, 3),
        Unary("Log10P1", Primitive.Log10P1, Var<double>.Log10P1, Dual<double>.Log10P1, -0.5, 1e-4, 3),
        Binary("Log(x, base)", Primitive.LogBase, Var<double>.Log, Dual<double>.Log, (8, 2), (0.5, 10), (3, 0.3)),

        // Circular and hyperbolic functions, with the π variants.
        Unary("Sin", Primitive.Sin, Var<double>.Sin, Dual<double>.Sin, -1, 0.3, 2),
        Unary("Cos", Primitive.Cos, Var<double>.Cos, Dual<double>.Cos, -1, 0.3, 2),
        Unary("Tan", Primitive.Tan, Var<double>.Tan, Dual<double>.Tan, -1, 0.3, 2),
        Unary("SinPi", Primitive.SinPi, Var<double>.SinPi, Dual<double>.SinPi, 0.1, -0.3, 1.2),
        Unary("CosPi", Primitive.CosPi, Var<double>.CosPi, Dual<double>.CosPi, 0.1, -0.3, 1.2),
        Unary("TanPi", Primitive.TanPi, Var<double>.TanPi, Dual<double>.TanPi, 0.1, -0.3, 1.2),
        Unary("Asin", Primitive.Asin, Var<double>.Asin, Dual<double>.Asin, -0.9, 0, 0.5),
        Unary("Acos", Primitive.Acos, Var<double>.Acos, Dual<double>.Acos, -0.9, 0, 0.5),
        Unary("Atan", Primitive.Atan, Var<double>.Atan, Dual<double>.Atan, -3, 0, 0.5),
        Unary("AsinPi", Primitive.AsinPi, Var<double>.AsinPi, Dual<double>.AsinPi, -0.9, 0, 0.5),
        Unary("AcosPi", Primitive.AcosPi, Var<double>.AcosPi, Dual<double>.AcosPi, -0.9, 0, 0.5),
        Unary("AtanPi", Primitive.AtanPi, Var<double>.AtanPi, Dual<double>.AtanPi, -3, 0, 0.5),
        Binary("Atan2", Primitive.Atan2, Var<double>.Atan2, Dual<double>.Atan2, (1, 2), (-1, -1), (0.5, -3)),
        Binary("Atan2Pi", Primitive.Atan2Pi, Var<double>.Atan2Pi, Dual<double>.Atan2Pi, (1, 2), (-1, -1), (0.5, -3)),
        Unary("Sinh", Primitive.Sinh, Var<double>.Sinh, Dual<double>.Sinh, -2, 0.3, 1),
        Unary("Cosh", Primitive.Cosh, Var<double>.Cosh, Dual<double>.Cosh, -2, 0.3, 1),
        Unary("Tanh", Primitive.Tanh, Var<double>.Tanh, Dual<double>.Tanh, -2, 0.3, 1),
        Unary("Asinh", Primitive.Asinh, Var<double>.Asinh, Dual<double>.Asinh, -2, 0, 3),
        Unary("Acosh", Primitive.Acosh, Var<double>.Acosh, Dual<double>.Acosh, 1.5, 3, 10),
        Unary("Atanh", Primitive.Atanh, Var<double>.Atanh, Dual<double>.Atanh, -0.5, 0, 0.9),

        // Non-smooth members: each at a smooth point and at its kink or tie, where the convention decides.
        Unary("Abs", Primitive.Abs, Var<double>.Abs, Dual<double>.Abs, -2, 0, 3),
        Binary("Max", Primitive.Max, Var<double>.Max, Dual<double>.Max, (1, 2), (3, -1), (2, 2)),
        Binary("Min", Primitive.Min, Var<double>.Min, Dual<double>.Min, (1, 2), (3, -1), (2, 2)),
        Binary("MaxNumber", Primitive.Max, Var<double>.MaxNumber, Dual<double>.MaxNumber, (1, 2), (3, -1), (2, 2)),
        Binary("MinNumber", Primitive.Min, Var<double>.MinNumber, Dual<double>.MinNumber, (1, 2), (3, -1), (2, 2)),
        Binary("MaxMagnitude", null, Var<double>.MaxMagnitude, Dual<double>.MaxMagnitude, (-3, 2), (1, -4)),
        Binary("MinMagnitude", null, Var<double>.MinMagnitude, Dual<double>.MinMagnitude, (-3, 2), (1, -4)),
        Binary("MaxMagnitudeNumber", null, Var<double>.MaxMagnitudeNumber, Dual<double>.MaxMagnitudeNumber, (-3, 2), (1, -4)),
        Binary("MinMagnitudeNumber", null, Var<double>.MinMagnitudeNumber, Dual<double>.MinMagnitudeNumber, (-3, 2), (1, -4)),
        Ternary("Clamp", null, Var<double>.Clamp, Dual<double>.Clamp, (0.5, 0, 1), (-1, 0, 1), (2, 0, 1), (1, 0, 1)),
        Binary("CopySign", Primitive.CopySign, Var<double>.CopySign, Dual<double>.CopySign, (2, -1), (-3, 4), (1.5, 2)),
        Unary("Floor", Primitive.Floor, Var<double>.Floor, Dual<double>.Floor, 1.3, -2.7, 5),
        Unary("Ceiling", Primitive.Ceiling, Var<double>.Ceiling, Dual<double>.Ceiling, 1.3, -2.7, 5),
        Unary("Truncate", Primitive.Truncate, Var<double>.Truncate, Dual<double>.Truncate, 1.3, -2.7, 5),
        Unary("Round(x, 0, ToEven)", Primitive.Round, x => Var<double>.Round(x, 0, MidpointRounding.ToEven), x => Dual<double>.Round(x, 0, MidpointRounding.ToEven), 1.5, -2.7, 5),
        Unary("Round(x, 2, AwayFromZero)", Primitive.Round, x => Var<double>.Round(x, 2, MidpointRounding.AwayFromZero), x => Dual<double>.Round(x, 2, MidpointRounding.AwayFromZero), 1.256, -2.745, 5),
        Unary("BitIncrement", Primitive.BitIncrement, Var<double>.BitIncrement, Dual<double>.BitIncrement, 1, -3.5, 0),
        Unary("BitDecrement", Primitive.BitDecrement, Var<double>.BitDecrement, Dual<double>.BitDecrement, 1, -3.5, 0),

        // Activations.
        Unary("Sigmoid", Primitive.Sigmoid, Var<double>.Sigmoid, Dual<double>.Sigmoid, -30, -1, 0, 2, 40),
        Unary("Softplus", Primitive.Softplus, Var<double>.Softplus, Dual<double>.Softplus, -30, 0, 3),
        Unary("Relu", Primitive.Relu, Var<double>.Relu, Dual<double>.Relu, -1, 0, 2),
    ];

    public static TheoryData<string> Names() => [.. Table.Select(c => c.Name)];

    internal static Case Find(string name) => Table.Single(c => c.Name == name);

    [Theory]
    [MemberData(nameof(Names))]
    public void Reverse_gradient_equals_forward_gradient_for_every_argument(string name)
    {
        var c = Find(name);
        foreach (var x in c.Points)
        {
            var reverse = new double[x.Length];
            var forward = new double[x.Length];
            var reverseValue = ReverseMode.ValueAndGradient(c.Reverse, x, reverse);
            var forwardValue = ForwardMode.Gradient(c.Forward, x, forward);
            Precision.WithinUlps(forwardValue, reverseValue, 0, $"{name} value at ({string.Join(", ", x)})");
            for (var i = 0; i < x.Length; i++)
                Precision.WithinUlps(forward[i], reverse[i], Ulps, $"{name}: ∂/∂x{i} at ({string.Join(", ", x)})");
        }
    }

    // The other arguments held constant: a constant operand's slot holds its value, not a partial, and a constant
    // exponent switches Pow to its one-argument rule. Each partial must come out the same that way too.
    [Theory]
    [MemberData(nameof(Names))]
    public void Reverse_partial_with_the_other_arguments_constant_equals_forward(string name)
    {
        var c = Find(name);
        foreach (var x in c.Points)
        {
            var forward = new double[x.Length];
            ForwardMode.Gradient(c.Forward, x, forward);
            for (var i = 0; i < x.Length; i++)
            {
                var partial = new double[1];
                ReverseMode.ValueAndPartialGradient(c.Reverse, x, [i], partial);
                Precision.WithinUlps(forward[i], partial[0], Ulps, $"{name}: ∂/∂x{i} alone at ({string.Join(", ", x)})");
            }
        }
    }

    // The table must really exercise the primitive it names: the last recorded step is that primitive
    // (or, for a selection, the output is one of the inputs itself).
    [Theory]
    [MemberData(nameof(Names))]
    public void Each_row_records_the_primitive_it_names(string name)
    {
        var c = Find(name);
        foreach (var x in c.Points)
        {
            var tape = new Tape<double>();
            var inputs = new Var<double>[x.Length];
            for (var i = 0; i < x.Length; i++) inputs[i] = tape.Variable(x[i]);
            var y = c.Reverse(inputs);
            Assert.Same(tape, y.Tape);
            if (c.Records is { } op)
                Assert.Equal(op.ToString(), tape.PrimitiveName(y.Index));
            else
                Assert.Contains(y.Index, inputs.Select(v => v.Index));
        }
    }

    [Fact]
    public void The_table_covers_every_recorded_primitive()
    {
        var structural = new[] { Primitive.Input, Primitive.Custom, Primitive.Guard };
        var covered = Table.Where(c => c.Records is not null).Select(c => c.Records!.Value).ToHashSet();
        var missing = Enum.GetValues<Primitive>().Except(structural).Where(p => !covered.Contains(p)).ToList();
        Assert.True(missing.Count == 0, $"No rule-table row records: {string.Join(", ", missing)}.");
    }

    private static Case Unary(string name, Primitive? op, Func<Var<double>, Var<double>> r, Func<Dual<double>, Dual<double>> f, params double[] points) =>
        new(name, op, x => r(x[0]), x => f(x[0]), [.. points.Select(p => new[] { p })]);

    private static Case Binary(string name, Primitive? op, Func<Var<double>, Var<double>, Var<double>> r, Func<Dual<double>, Dual<double>, Dual<double>> f, params (double, double)[] points) =>
        new(name, op, x => r(x[0], x[1]), x => f(x[0], x[1]), [.. points.Select(p => new[] { p.Item1, p.Item2 })]);

    private static Case Ternary(string name, Primitive? op, Func<Var<double>, Var<double>, Var<double>, Var<double>> r, Func<Dual<double>, Dual<double>, Dual<double>, Dual<double>> f, params (double, double, double)[] points) =>
        new(name, op, x => r(x[0], x[1], x[2]), x => f(x[0], x[1], x[2]), [.. points.Select(p => new[] { p.Item1, p.Item2, p.Item3 })]);
}
