// Lesson: a derivative inside a derivative. Each level of differentiation has its own tape and its own type:
// Var<Var<double>> records the inner level, whose values are themselves recorded on the outer Var<double> tape, so
// pulling the inner chain rule back is itself differentiable (reverse over reverse); Var<Dual<double>> carries a
// tangent through every adjoint (forward over reverse: Hessian-vector products). An outer value enters an inner
// derivative only as a constant of the inner level, which is what keeps perturbations of different levels apart.
using System.Numerics;
using DualGrad.Forward;
using DualGrad.Properties.Generators;
using DualGrad.Properties.Notebook;
using DualGrad.Reverse;

namespace DualGrad.Properties.Reverse;

public sealed class NestingTests
{
    // d/dx (x · d/dy (x·y)) = d/dx (x · x) = 2x. The outer x enters the inner tape only as Var<Var<double>>.Constant(x).
    [Theory]
    [InlineData(-2.5)]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void Reverse_over_reverse_d_dx_of_x_times_d_dy_of_x_y_is_2x(double x)
    {
        var g = ReverseMode.Gradient<double>(xo =>
        {
            var outer = xo[0];
            var inner = ReverseMode.Gradient<Var<double>>(y => Var<Var<double>>.Constant(outer) * y[0], [Var<double>.Constant(1.0)]);
            return outer * inner[0];
        }, [x]);
        Assert.Equal(2 * x, g[0]);
    }

    // Siskind & Pearlmutter's perturbation confusion test, reverse mode at both levels:
    // D(x ↦ x · D(y ↦ x + y)(1))(1) = 1. Confusing the levels (treating x as the inner variable too) would give 2.
    [Fact]
    public void Perturbation_confusion_reverse_over_reverse_gives_1()
    {
        var g = ReverseMode.Gradient<double>(xo =>
        {
            var x = xo[0];
            var inner = ReverseMode.Gradient<Var<double>>(y => Var<Var<double>>.Constant(x) + y[0], [Var<double>.Constant(1.0)]);
            return x * inner[0];
        }, [1.0]);
        Assert.Equal(1, g[0]);
    }

    // The same test with a forward-mode inner level inside a reverse-mode outer level (Dual<Var<double>>).
    [Fact]
    public void Perturbation_confusion_forward_inside_reverse_gives_1()
    {
        var g = ReverseMode.Gradient<double>(xo =>
        {
            var x = xo[0];
            var inner = ForwardMode.Derivative<Var<double>>(y => Dual<Var<double>>.Constant(x) + y, Var<double>.Constant(1.0));
            return x * inner;
        }, [1.0]);
        Assert.Equal(1, g[0]);
    }

    // Same level, two tapes: the outer x used directly inside an inner gradient of the same type is refused with a
    // message that says what to do, instead of silently confusing the two derivatives.
    [Fact]
    public void Using_an_outer_value_in_an_inner_gradient_of_the_same_level_throws()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ReverseMode.Gradient<double>(xo =>
        {
            var x = xo[0];
            var inner = ReverseMode.Gradient<double>(y => x + y[0], [1.0]);
            return x * inner[0];
        }, [1.0]));
        Assert.Contains("different recordings", e.Message);
        Assert.Contains("Var<T>.Constant", e.Message);
    }

    [Fact]
    public void Mixing_two_tapes_of_the_same_level_throws_in_every_kind_of_operation()
    {
        var first = new Tape<double>();
        var second = new Tape<double>();
        var a = first.Variable(1.5);
        var b = second.Variable(2.5);
        var adjoints = new double[4];
        Action[] mixes =
        [
            () => _ = a + b,
            () => _ = a * b,
            () => _ = Var<double>.Atan2(a, b),
            () => _ = Var<double>.Max(a, b),
            () => _ = a < b,
            () => second.Backward(a, 1.0, adjoints),
            () => second.Backward([a, b], [1.0, 1.0], adjoints),
            () => second.Custom("id", [a], a.Value, (g, slots) => slots[0] += g),
            () => _ = LogAddExp.Instance.Apply(a, b),
        ];
        foreach (var mix in mixes)
        {
            var e = Assert.Throws<InvalidOperationException>(mix);
            Assert.Contains("different recordings", e.Message);
        }
        // A constant (no tape) mixes with either tape; StopGradient turns a recorded value into such a constant.
        Assert.Same(second, (Var<double>.StopGradient(a) + b).Tape);
    }

    // Second derivatives of scalar functions by reverse over reverse equal forward over forward.
    [Theory]
    [InlineData(-1.3)]
    [InlineData(0.2)]
    [InlineData(2.0)]
    public void Reverse_over_reverse_second_derivative_equals_forward_over_forward(double x)
    {
        var reverse = ReverseMode.Gradient<double>(xo =>
        {
            var inner = ReverseMode.Gradient<Var<double>>(
                v => Var<Var<double>>.Sin(v[0]) * Var<Var<double>>.Exp(v[0]) + v[0] * v[0] * v[0], [xo[0]]);
            return inner[0];
        }, [x])[0];
        var forward = ForwardMode.SecondDerivative(v => Dual<Dual<double>>.Sin(v) * Dual<Dual<double>>.Exp(v) + v * v * v, x);
        Precision.Relative(2 * Math.Cos(x) * Math.Exp(x) + 6 * x, reverse, 1e-14, $"(sin·exp + x³)'' at {x}");
        Precision.Relative(forward, reverse, 1e-14, $"reverse∘reverse vs forward∘forward at {x}");
    }

    /// <summary>Powell's Hessian by reverse over reverse: the outer Jacobian of the inner gradient.</summary>
    internal static double[,] HessianByReverseOverReverse(double[] x) =>
        ReverseMode.Jacobian<double>((xo, h) =>
        {
            var gradient = ReverseMode.Gradient<Var<double>>(NotebookFunctions.Powell<Var<Var<double>>>, xo);
            gradient.CopyTo(h);
        }, x, x.Length);

    // Exact at integer points (all integers, see NotebookReverseTests). The origin matters: there the gradient and
    // every adjoint's value are 0 while their derivatives are not, so an implementation that skipped "zero" adjoints
    // by value alone would lose the second-order part.
    [Fact]
    public void Reverse_over_reverse_Hessian_of_Powell_equals_the_hand_Hessian()
    {
        for (var i = -1; i < 100; i++)
        {
            var x = i < 0 ? new double[4] : ReverseTestFunctions.IntegerPoint(i);
            Assert.Equal(ReverseTestFunctions.PowellHessianByHand(x), HessianByReverseOverReverse(x));
        }
    }

    // Forward over reverse: the reverse gradient computed on dual numbers x + εv carries ∇f(x) in its values and
    // H(x)·v in its tangents.
    [Fact]
    public void Forward_over_reverse_Hessian_vector_product_of_Powell()
    {
        double[][] directions = [[1, 0, 0, 0], [0, 0, 1, 0], [1, -2, 3, -4], [0.5, 0.25, -1, 2]];
        for (var i = -1; i < 60; i++)
        {
            var x = i < 0 ? new double[4] : ReverseTestFunctions.IntegerPoint(i);
            var h = ReverseTestFunctions.PowellHessianByHand(x);
            foreach (var v in directions)
            {
                var seeded = x.Zip(v, (a, b) => new Dual<double>(a, b)).ToArray();
                var g = ReverseMode.Gradient<Dual<double>>(NotebookFunctions.Powell<Var<Dual<double>>>, seeded);
                var gradient = ReverseTestFunctions.PowellGradientByHand(x);
                for (var r = 0; r < 4; r++)
                {
                    var hv = 0.0;
                    for (var c = 0; c < 4; c++) hv += h[r, c] * v[c];
                    Assert.Equal(gradient[r], g[r].Value);
                    Assert.Equal(hv, g[r].Tangent);
                    Assert.Equal(ForwardOverForwardHvp(x, v, r), g[r].Tangent);
                }
            }
        }
    }

    // (H v)ᵣ by forward over forward: seed the inner level with v and the outer level with eᵣ; the mixed ε₁ε₂
    // coefficient of f(x + ε₁v + ε₂eᵣ) is eᵣᵀ H v.
    private static double ForwardOverForwardHvp(double[] x, double[] v, int r)
    {
        var seeded = new Dual<Dual<double>>[x.Length];
        for (var j = 0; j < x.Length; j++)
            seeded[j] = new Dual<Dual<double>>(new Dual<double>(x[j], v[j]), new Dual<double>(j == r ? 1 : 0, 0));
        return NotebookFunctions.Powell<Dual<Dual<double>>>(seeded).Tangent.Tangent;
    }

    // Nesting must not change a first derivative. At the singular points where a rule states a convention (|x|' = 0
    // at 0; Hypot's and Atan2's partials 0 at the origin; ∂xʸ/∂y = 0 where xʸ = 0; ∛x' = +∞ at 0) the gradient
    // computed one level down (its values, under reverse over reverse or forward over reverse) must equal the plain one.
    private static T Singular<T>(string name, ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T> => name switch
    {
        "Abs" => T.Abs(x[0]) + x[1],
        "Hypot" => T.Hypot(x[0], x[1]),
        "Atan2" => T.Atan2(x[0], x[1]),
        "Pow" => T.Pow(x[0], x[1]),
        "Cbrt" => T.Cbrt(x[0]) + x[1],
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [InlineData("Abs", 0.0, 1.0)]
    [InlineData("Hypot", 0.0, 0.0)]
    [InlineData("Atan2", 0.0, 0.0)]
    [InlineData("Pow", 0.0, 2.0)]
    [InlineData("Cbrt", 0.0, 1.0)]
    public void Nesting_keeps_the_first_derivative_conventions_at_singular_points(string name, double x0, double x1)
    {
        double[] x = [x0, x1];
        var plain = ReverseMode.Gradient<double>(v => Singular(name, v), x);

        // Reverse over reverse: the inner gradient's values, its inputs recorded on an outer tape.
        var nested = new double[2];
        ReverseMode.Gradient<double>(xo =>
        {
            var inner = ReverseMode.Gradient<Var<double>>(v => Singular(name, v), xo);
            for (var i = 0; i < 2; i++) nested[i] = inner[i].Value;
            return inner[0] + inner[1];
        }, x);

        // Forward over reverse: the gradient's values on dual numbers seeded with tangent (1, 1).
        var dual = ReverseMode.Gradient<Dual<double>>(v => Singular(name, v), [new Dual<double>(x0, 1), new Dual<double>(x1, 1)]);

        var mismatches = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            if (!plain[i].Equals(nested[i])) mismatches.Add($"∂/∂x{i}: plain reverse {plain[i]}, reverse over reverse {nested[i]}");
            if (!plain[i].Equals(dual[i].Value)) mismatches.Add($"∂/∂x{i}: plain reverse {plain[i]}, forward over reverse {dual[i].Value}");
        }
        Assert.True(mismatches.Count == 0, $"{name}({x0}, {x1}): {string.Join("; ", mismatches)}.");
    }
}
