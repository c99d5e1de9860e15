using System.Runtime.CompilerServices;
using DualGrad.Forward;

namespace DualGrad.Reverse.Cps;

/// <summary>
/// Reverse mode written literally in continuation-passing style (Wang et al., ICFP 2019), for reading and teaching.
/// Each operation takes its continuation <c>k</c> (the rest of the program): it computes its value, calls <c>k</c>, and when
/// <c>k</c> returns, the output's adjoint is complete, so it adds its local partials times that adjoint into its inputs.
/// The backward pass is the continuations returning. The same <see cref="Rules"/> give the partials as in
/// <see cref="Var{T}"/>, which is the production form of this idea: there the continuation lives on the heap (the tape).
/// </summary>
/// <remarks>Every operation keeps a stack frame alive until its continuation returns, which in this style is when the
/// program ends, so this form is for small programs: it refuses to hold more than <see cref="MaxDepth"/> operations at
/// once, and refuses any operation when the thread's stack is nearly exhausted (a small thread stack, deep recursion in
/// the program itself), each time with an exception instead of overflowing the stack.</remarks>
/// <example><code>
/// // f(x, y) = sin(x·y): multiply, then sin, then the end of the program.
/// var (value, gradient) = Cps.Gradient([2.0, 3.0], (x, k) =&gt; Cps.Multiply(x[0], x[1], p =&gt; Cps.Sin(p, k)));
/// </code></example>
public static class Cps
{
    /// <summary>
    /// The most operations one program may have waiting for their continuations at once: each holds a stack frame. It
    /// counts every operation the program has run and not yet returned from, independent ones too, not only a chain.
    /// </summary>
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
        var run = new CpsRun();
        var inputs = x.Select(v => new CpsVar(v, 0, run)).ToArray();
        var value = double.NaN;
        var reached = false;
        // The final continuation: the end of the program. Here the output's adjoint is seeded: ∂f/∂f = 1.
        program(inputs, output =>
        {
            ArgumentNullException.ThrowIfNull(output);
            // A second call would seed a second output and return the sum of two gradients as if it were one.
            if (reached) throw new InvalidOperationException("The program called its final continuation twice; a program has one output.");
            value = output.Value;
            output.Adjoint = 1;
            reached = true;
        });
        run.Finished = true;
        if (!reached) throw new InvalidOperationException("The program never called its final continuation.");
        return (value, inputs.Select(v => v.Adjoint).ToArray());
    }

    /// <summary>A constant (its adjoint is computed but not used).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The constant.</returns>
    public static CpsVar Constant(double value) => new(value, 0, null);

    /// <summary>x + y, then k.</summary><param name="x">x.</param><param name="y">y.</param><param name="k">The continuation.</param>
    public static void Add(CpsVar x, CpsVar y, Action<CpsVar> k) => Binary(Rules.Add, x, y, k);

    /// <summary>x − y, then k.</summary><param name="x">x.</param><param name="y">y.</param><param name="k">The continuation.</param>
    public static void Subtract(CpsVar x, CpsVar y, Action<CpsVar> k) => Binary(Rules.Subtract, x, y, k);

    /// <summary>x · y, then k.</summary><param name="x">x.</param><param name="y">y.</param><param name="k">The continuation.</param>
    public static void Multiply(CpsVar x, CpsVar y, Action<CpsVar> k) => Binary(Rules.Multiply, x, y, k);

    /// <summary>x / y, then k.</summary><param name="x">x.</param><param name="y">y.</param><param name="k">The continuation.</param>
    public static void Divide(CpsVar x, CpsVar y, Action<CpsVar> k) => Binary(Rules.Divide, x, y, k);

    /// <summary>xⁿ, then k.</summary><param name="x">x.</param><param name="n">The integer exponent.</param><param name="k">The continuation.</param>
    public static void Pow(CpsVar x, int n, Action<CpsVar> k) => Unary(v => Rules.PowInteger(v, n), x, k);

    /// <summary>sin x, then k.</summary><param name="x">x.</param><param name="k">The continuation.</param>
    public static void Sin(CpsVar x, Action<CpsVar> k) => Unary(Rules.Sin, x, k);

    /// <summary>cos x, then k.</summary><param name="x">x.</param><param name="k">The continuation.</param>
    public static void Cos(CpsVar x, Action<CpsVar> k) => Unary(Rules.Cos, x, k);

    /// <summary>eˣ, then k.</summary><param name="x">x.</param><param name="k">The continuation.</param>
    public static void Exp(CpsVar x, Action<CpsVar> k) => Unary(Rules.Exp, x, k);

    /// <summary>ln x, then k.</summary><param name="x">x.</param><param name="k">The continuation.</param>
    public static void Log(CpsVar x, Action<CpsVar> k) => Unary(Rules.Log, x, k);

    /// <summary>tanh x, then k.</summary><param name="x">x.</param><param name="k">The continuation.</param>
    public static void Tanh(CpsVar x, Action<CpsVar> k) => Unary(Rules.Tanh, x, k);

    /// <summary>σ(x), then k.</summary><param name="x">x.</param><param name="k">The continuation.</param>
    public static void Sigmoid(CpsVar x, Action<CpsVar> k) => Unary(Rules.Sigmoid, x, k);

    // The shape of every operation: compute, continue, then (on the way back) pull the adjoint through the local partials.
    private static void Unary(Func<double, Local<double>> primitive, CpsVar x, Action<CpsVar> k)
    {
        ArgumentNullException.ThrowIfNull(x);
        var rule = primitive(x.Value);
        var y = Next(rule.Value, x.Run, x.Depth, k);
        Continue(y, k);
        x.Adjoint += rule.Derivative * y.Adjoint;
    }

    private static void Binary(Func<double, double, Local2<double>> primitive, CpsVar x, CpsVar y, Action<CpsVar> k)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var rule = primitive(x.Value, y.Value);
        var z = Next(rule.Value, x.Run ?? y.Run, Math.Max(x.Depth, y.Depth), k);
        Continue(z, k);
        x.Adjoint += rule.DX * z.Adjoint;
        y.Adjoint += rule.DY * z.Adjoint;
    }

    // The new value's depth is the number of operations that will be waiting once it continues. Operations on constants
    // alone belong to no run and count their operands' depth; the stack check below still guards them.
    private static CpsVar Next(double value, CpsRun? run, int operandDepth, Action<CpsVar> k)
    {
        ArgumentNullException.ThrowIfNull(k);
        // A value kept from an earlier run would have its old adjoint changed, and count toward no live run.
        if (run is { Finished: true }) throw new InvalidOperationException("This value belongs to a CPS run that has ended; use the inputs of the current run.");
        var depth = (run?.Waiting ?? operandDepth) + 1;
        if (depth > MaxDepth)
            throw new InvalidOperationException($"The literal CPS form keeps one stack frame per operation until the program ends and accepts at most {MaxDepth} operations waiting at once; use Var<T> (the tape) for larger programs.");
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new InvalidOperationException($"This thread's stack is nearly exhausted{(run is null ? "" : $" ({run.Waiting} operations waiting)")}: the literal CPS form keeps one stack frame per operation; use Var<T> (the tape), or run on a thread with a larger stack.");
        return new CpsVar(value, depth, run);
    }

    private static void Continue(CpsVar value, Action<CpsVar> k)
    {
        var run = value.Run;
        if (run is not null) run.Waiting++;
        k(value);
        if (run is not null) run.Waiting--;
    }
}
