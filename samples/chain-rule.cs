#:project ../src/Facade/DualGrad.csproj
// The first sections of the chain-rule notebook with DualGrad, as one file. From the repository root:
//   dotnet run samples/chain-rule.cs
// The full walkthrough (optimisers, exercises, plots, --json) is samples/ChainRule.
using System.Numerics;
using DualGrad;

var f = new Powell();
double[] x = [3, -1, 0, 1];

// 1. Powell's function: the value and the gradient, forward and reverse mode, central differences with h = 1e-3.
var (value, forward) = AD.ValueAndGradient(f, x, Mode.Forward);
var reverse = AD.Gradient(f, x, Mode.Reverse);
var central = AD.NumericGradient(f, x, step: 1e-3);
Console.WriteLine($"x = {V(x)}, f(x) = {N(value)}");
Console.WriteLine($"gradient, forward mode:            {V(forward)}");
Console.WriteLine($"gradient, reverse mode:            {V(reverse)}");
Console.WriteLine($"central differences, h = 1e-3:     {V(central, "G10")}");

// The notebook printed 305.9769: the same differences taken in float32, where x +- h and f ~ 215 are rounded
// (3 + 1e-3 is stored as 3.00099993), errors that dividing by 2h = 2e-3 magnifies to ~0.01.
float[] x32 = [3, -1, 0, 1];
var central32 = new float[4];
for (var i = 0; i < 4; i++)
{
    float[] up = [.. x32], down = [.. x32];
    up[i] += 1e-3f;
    down[i] -= 1e-3f;
    central32[i] = (f.Invoke<float>(up) - f.Invoke<float>(down)) / (2 * 1e-3f);
}
Console.WriteLine($"the same in float32 (the notebook): {V(central32.Select(v => (double)v), "F4")}");

// 3. The chain rule: x(z) at z = (1, -1); grad_z f = J^T grad_x f, as a vector-Jacobian product and in one step.
double[] z = [1, -1];
var xOfZ = new XOfZ();
var xz = AD.Evaluate(xOfZ, z);
var (fz, gradX) = AD.ValueAndGradient(f, xz);
var j = AD.Jacobian(xOfZ, z);   // j[i, k] = dx_i/dz_k
Console.WriteLine();
Console.WriteLine($"z = {V(z)}, x(z) = {V(xz)}, f = {N(fz)}");
Console.WriteLine($"grad_x f = {V(gradX)}");
Console.WriteLine("J (rows d/dz1, d/dz2):");
for (var k = 0; k < 2; k++) Console.WriteLine($"  {V(Enumerable.Range(0, 4).Select(i => j[i, k] + 0.0))}");
Console.WriteLine($"grad_z f, two steps (AD.Vjp with u = grad_x f): {V(AD.Vjp(xOfZ, z, gradX))}");
Console.WriteLine($"grad_z f, one step (AD.Gradient of f(x(z))):     {V(AD.Gradient(new PowellOfZ(), z))}");
for (var k = 0; k < 2; k++)   // by hand: df/dz_k = sum_i df/dx_i dx_i/dz_k
    Console.WriteLine($"by hand, df/dz{k + 1} = " + string.Concat(Enumerable.Range(0, 4).Select(i =>
        (i == 0 ? N(gradX[i]) : gradX[i] < 0 ? $" - {N(-gradX[i])}" : $" + {N(gradX[i])}") + $"({N(j[i, k] + 0.0)})"))
        + $" = {N(Enumerable.Range(0, 4).Sum(i => gradX[i] * j[i, k]))}");

static string N(double v, string format = "G8") => v.ToString(format, System.Globalization.CultureInfo.InvariantCulture);
static string V(IEnumerable<double> v, string format = "G8") => "[" + string.Join(", ", v.Select(e => N(e, format))) + "]";

// f(x) = (x1 + 10 x2)^2 + 5 (x3 - x4)^2 + (x2 + 2 x3)^4 + 10 (x1 - x4)^4, written once for double, float, duals and Var.
sealed class Powell : IScalarFunction
{
    public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
    {
        T two = T.CreateChecked(2), four = T.CreateChecked(4), five = T.CreateChecked(5), ten = T.CreateChecked(10);
        return T.Pow(x[0] + ten * x[1], two) + five * T.Pow(x[2] - x[3], two)
             + T.Pow(x[1] + two * x[2], four) + ten * T.Pow(x[0] - x[3], four);
    }
}

// x(z) = (z1 - z2, z1^2, z2^2, z1^2 + z1 z2).
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

// f(x(z)), the composition differentiated in one step.
sealed class PowellOfZ : IScalarFunction
{
    public T Invoke<T>(ReadOnlySpan<T> z) where T : IFloatingPointIeee754<T>
    {
        var x = new T[4];
        new XOfZ().Invoke(z, x);
        return new Powell().Invoke<T>(x);
    }
}
