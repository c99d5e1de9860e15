using DualGrad.Forward;

namespace DualGrad.Reverse.Cps;

/// <summary>
/// Reverse mode written literally in continuation-passing style (Wang et al., ICFP 2019), for reading and teaching.
/// Each operation takes its continuation <c>k</c> (the rest of the program): it computes its value, calls <c>k</c>, and when
/// <c>k</c> returns, the output's adjoint is complete, so it adds its local partials times that adjoint into its inputs.
/// The backward pass is the continuations returning. The same <see cref="Rules"/> give the partials as in
/// <see cref="Var{T}"/>, which is the production form of this idea: there the continuation lives on the heap (the tape).
/// </summary>
/// <remarks>Every operation keeps a stack frame alive until the program ends, so this form is for small graphs:
/// it refuses graphs deeper than <see cref="MaxDepth"/> operations with an exception instead of overflowing the stack.</remarks>
/// <example><code>
/// // f(x, y) = sin(x·y): multiply, then sin, then the end of the program.
/// var (value, gradient) = Cps.Gradient([2.0, 3.0], (x, k) =&gt; Cps.Multiply(x[0], x[1], p =&gt; Cps.Sin(p, k)));
/// </code></example>
public static class Cps
{
    /// <summary>The deepest chain of operations the literal form accepts.</summary>
    public const int MaxDepth = 2_000;

    /// <summary>Runs a CPS program at x: seeds the final adjoint with 1 when the program reaches its end, and returns f(x) and ∇f(x).</summary>
    /// <param name="x">The inputs.</param>
    /// <param name="program">The program: given the inputs and the final continuation, it calls operations that end by calling it.</param>
    /// <returns>f(x) and the gradient.</returns>
    public static (double Value, double[] Gradient) Gradient(double[] x, Action<CpsVar[], Action<CpsVar>> program)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(program);
        if (x.Length == 0) throw new ArgumentException("x is empty.", nameof(x));
        var inputs = x.Select(v => new CpsVar(v, 0)).ToArray();
        var value = double.NaN;
        var reached = false;
        // The final continuation: the end of the program. Here the output's adjoint is seeded: ∂f/∂f = 1.
        program(inputs, output =>
        {
            value = output.Value;
            output.Adjoint = 1;
            reached = true;
        });
        if (!reached) throw new InvalidOperationException("The program never called its final continuation.");
        return (value, inputs.Select(v => v.Adjoint).ToArray());
    }

    /// <summary>A constant (its adjoint is computed but not used).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The constant.</returns>
    public static CpsVar Constant(double value) => new(value, 0);

    /// <summary>x + y, then k.</summary><param name="x">x.</param><param name="y">y.</param><param name="k">The continuation.</param>
    public static void Add(CpsVar x, CpsVar y, Action<CpsVar> k) => Binary(Rules.Add(x.Value, y.Value), x, y, k);

    /// <summary>x − y, then k.</summary><param name="x">x.</param><param name="y">y.</param><param name="k">The continuation.</param>
    public static void Subtract(CpsVar x, CpsVar y, Action<CpsVar> k) => Binary(Rules.Subtract(x.Value, y.Value), x, y, k);

    /// <summary>x · y, then k.</summary><param name="x">x.</param><param name="y">y.</param><param name="k">The continuation.</param>
    public static void Multiply(CpsVar x, CpsVar y, Action<CpsVar> k) => Binary(Rules.Multiply(x.Value, y.Value), x, y, k);

    /// <summary>x / y, then k.</summary><param name="x">x.</param><param name="y">y.</param><param name="k">The continuation.</param>
    public static void Divide(CpsVar x, CpsVar y, Action<CpsVar> k) => Binary(Rules.Divide(x.Value, y.Value), x, y, k);

    /// <summary>xⁿ, then k.</summary><param name="x">x.</param><param name="n">The integer exponent.</param><param name="k">The continuation.</param>
    public static void Pow(CpsVar x, int n, Action<CpsVar> k) => Unary(Rules.PowInteger(x.Value, n), x, k);

    /// <summary>sin x, then k.</summary><param name="x">x.</param><param name="k">The continuation.</param>
    public static void Sin(CpsVar x, Action<CpsVar> k) => Unary(Rules.Sin(x.Value), x, k);

    /// <summary>cos x, then k.</summary><param name="x">x.</param><param name="k">The continuation.</param>
    public static void Cos(CpsVar x, Action<CpsVar> k) => Unary(Rules.Cos(x.Value), x, k);

    /// <summary>eˣ, then k.</summary><param name="x">x.</param><param name="k">The continuation.</param>
    public static void Exp(CpsVar x, Action<CpsVar> k) => Unary(Rules.Exp(x.Value), x, k);

    /// <summary>ln x, then k.</summary><param name="x">x.</param><param name="k">The continuation.</param>
    public static void Log(CpsVar x, Action<CpsVar> k) => Unary(Rules.Log(x.Value), x, k);

    /// <summary>tanh x, then k.</summary><param name="x">x.</param><param name="k">The continuation.</param>
    public static void Tanh(CpsVar x, Action<CpsVar> k) => Unary(Rules.Tanh(x.Value), x, k);

    /// <summary>σ(x), then k.</summary><param name="x">x.</param><param name="k">The continuation.</param>
    public static void Sigmoid(CpsVar x, Action<CpsVar> k) => Unary(Rules.Sigmoid(x.Value), x, k);

    // The shape of every operation: compute, continue, then (on the way back) pull the adjoint through the local partials.
    private static void Unary(Local<double> rule, CpsVar x, Action<CpsVar> k)
    {
        var y = Next(rule.Value, x.Depth, k);
        k(y);
        x.Adjoint += rule.Derivative * y.Adjoint;
    }

    private static void Binary(Local2<double> rule, CpsVar x, CpsVar y, Action<CpsVar> k)
    {
        var z = Next(rule.Value, Math.Max(x.Depth, y.Depth), k);
        k(z);
        x.Adjoint += rule.DX * z.Adjoint;
        y.Adjoint += rule.DY * z.Adjoint;
    }

    private static CpsVar Next(double value, int depth, Action<CpsVar> k)
    {
        ArgumentNullException.ThrowIfNull(k);
        if (depth + 1 > MaxDepth)
            throw new InvalidOperationException($"The literal CPS form keeps one stack frame per operation and accepts at most {MaxDepth} chained operations; use Var<T> (the tape) for deep graphs.");
        return new CpsVar(value, depth + 1);
    }
}
