// The README's C# examples, verbatim: ReadmeTests checks that every ```csharp block of README.md appears in this file,
// and runs each example below with assertions, so the documentation cannot drift from the library.
using System.Numerics;
using DualGrad.Forward;
using DualGrad.Reverse;

namespace DualGrad.Properties.Readme;

// README: write a function once
sealed class Powell : IScalarFunction
{
    public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
    {
        T two = T.CreateChecked(2), four = T.CreateChecked(4), five = T.CreateChecked(5), ten = T.CreateChecked(10);
        return T.Pow(x[0] + ten * x[1], two) + five * T.Pow(x[2] - x[3], two)
             + T.Pow(x[1] + two * x[2], four) + ten * T.Pow(x[0] - x[3], four);
    }
}

// README: the notebook's inner function x(z)
sealed class XOfZ : IVectorFunction
{
    public int OutputLength(int inputLength) => 4;

    public void Invoke<T>(ReadOnlySpan<T> z, Span<T> x) where T : IFloatingPointIeee754<T>
    {
        x[0] = z[0] - z[1];
        x[1] = z[0] * z[0];
        x[2] = z[1] * z[1];
        x[3] = z[0] * z[0] + z[0] * z[1];
    }
}

static class ReadmeExamples
{
    public static (double F, double[] G, double[] GForward, double[] GNumeric, GradientCheck Check) Gradients()
    {
        double[] x = [3, -1, 0, 1];
        var (f, g) = AD.ValueAndGradient(new Powell(), x);               // 215, [306, -144, -18, -310]
        double[] gForward = AD.Gradient(new Powell(), x, Mode.Forward);  // the same, by dual numbers
        double[] gNumeric = AD.NumericGradient(new Powell(), x, step: 1e-3);
        var check = AD.CheckGradient(new Powell(), x);                   // forward, reverse, numeric side by side
        Console.WriteLine(check);                                        // a table, then PASSED
        return (f, g, gForward, gNumeric, check);
    }

    public static (double D, double PerturbationConfusion) Derivatives()
    {
        double d = AD.Derivative(x => Dual<double>.Sin(3 * x * x + 1), 2.0);   // 12·cos(13)
        // Nested derivatives never confuse their perturbations (Siskind & Pearlmutter 2005): the answer is 1, not 2.
        double pc = AD.Derivative(x => x * AD.Derivative(y => Dual<Dual<double>>.Constant(x) + y, Dual<double>.One), 1.0);
        return (d, pc);
    }

    public static (double[,] J, double[] GradZ, double[] GradZOneStep) ChainRule()
    {
        double[] z = [1, -1];
        double[,] J = AD.Jacobian(new XOfZ(), z);                        // 4×2: J[i, j] = ∂xᵢ/∂zⱼ
        double[] gradX = AD.Gradient(new Powell(), AD.Evaluate(new XOfZ(), z));   // [344, 348, 226, -330]
        double[] gradZ = AD.Vjp(new XOfZ(), z, gradX);                   // two steps: Jᵀ ∇ₓf = [710, -1126]
        double[] gradZOneStep = AD.Gradient(new PowellOfZ(), z);         // one step, through the composition
        return (J, gradZ, gradZOneStep);
    }

    public static MinimizeResult Optimise()
    {
        double[] x = [3, -1, 0, 1];
        var result = AD.Minimize(new Powell(), x, new Momentum(LearningRate: 1e-3, Mu: 0.9),
            new MinimizeOptions { MaxIterations = 100 },
            onStep: s => { if (s.Iteration % 10 == 0) Console.WriteLine($"step {s.Iteration}: f = {s.Value}"); });
        return result;
    }

    public static (double F, double[] G, int Loops, double Value, double Slope, double[] GForward) Compiled()
    {
        var compiled = AD.Compile(new Powell(), [3.0, -1, 0, 1]);
        var workspace = compiled.CreateWorkspace();                       // one per thread; reused, nothing is allocated
        double[] g = new double[4];
        double f = compiled.ValueAndGradient([1.0, 2, 3, 4], g, workspace);   // 5352, [-1038, 2468, 4086, 1090]
        var (value, slope) = compiled.DirectionalDerivative([1.0, 2, 3, 4], [1.0, 1, 0, 0], workspace);   // 5352 and ∇f·v = −1038 + 2468 = 1430
        double[] gForward = new double[4];
        compiled.GradientChunked([1.0, 2, 3, 4], gForward, workspace);    // forward mode, 4 directions a sweep: the same gradient
        return (f, g, compiled.Loops, value, slope, gForward);
    }

    public static double[] CustomRule()
    {
        double[] softmax = AD.Gradient(new SoftMaximum(), [1000.0, 999.0]);   // [σ(1), σ(−1)] = [0.731…, 0.269…]
        return softmax;
    }

    public static BackpropTrace Trace()
    {
        var trace = AD.Trace(new Powell(), [3, -1, 0, 1]);
        Console.WriteLine(trace);   // node, operation, value, local partials, adjoint: one line per step
        return trace;
    }
}

// README: composing functions written once
sealed class PowellOfZ : IScalarFunction
{
    public T Invoke<T>(ReadOnlySpan<T> z) where T : IFloatingPointIeee754<T>
    {
        Span<T> x = new T[4];
        new XOfZ().Invoke(z, x);
        return new Powell().Invoke<T>(x);
    }
}

// README: your own primitive
sealed class LogAddExp : IBinaryRule   // log(eˣ + eʸ), without the overflow of the composition
{
    public string Name => "logaddexp";
    public Local2<T> Evaluate<T>(T x, T y) where T : IFloatingPointIeee754<T>
    {
        var m = T.Max(x, y);
        T ex = T.Exp(x - m), ey = T.Exp(y - m), s = ex + ey;
        return new(m + T.Log(s), ex / s, ey / s);   // value, ∂/∂x, ∂/∂y
    }
}

sealed class SoftMaximum : IScalarFunction
{
    public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T> => new LogAddExp().Apply(x[0], x[1]);
}
