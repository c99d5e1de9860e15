using DualGrad.Forward;
using DualGrad.Reverse;

namespace DualGrad;

// The generic function, fixed at the scalar type each mode evaluates it on. Built once per call (one small
// delegate), never per operation.
internal static class FunctionAdapters
{
    public static ScalarFunc<Dual<double>> Dual(this IScalarFunction f) => f.Invoke;

    // Generic so that the gradient entry points, generic in the function's type, bind it without boxing a class.
    public static ScalarFunc<Var<double>> Var<TFunction>(this TFunction f) where TFunction : IScalarFunction => f.Invoke;

    public static ScalarFunc<Var<Dual<double>>> VarOfDual(this IScalarFunction f) => f.Invoke;

    public static ScalarFunc<double> Plain(this IScalarFunction f) => f.Invoke;

    public static VectorFunc<Dual<double>> Dual(this IVectorFunction f) => f.Invoke;

    public static VectorFunc<Var<double>> Var(this IVectorFunction f) => f.Invoke;
}
