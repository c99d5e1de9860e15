using System.Reflection;
using DualGrad.Forward;
using DualGrad.Reverse;

namespace DualGrad;

// The generic function, fixed at the scalar type each mode evaluates it on. Built once per call (one small
// delegate), never per operation.
internal static class FunctionAdapters
{
    public static ScalarFunc<Dual<double>> Dual(this IScalarFunction f) => f.Invoke;

    // Generic so that the gradient entry points, generic in the function's type, bind it without boxing a class.
    public static ScalarFunc<Var<double>> Var<TFunction>(this TFunction f) where TFunction : IScalarFunction =>
        Stateless<TFunction>.Var ?? f.Invoke;

    public static ScalarFunc<Var<Dual<double>>> VarOfDual(this IScalarFunction f) => f.Invoke;

    public static ScalarFunc<double> Plain(this IScalarFunction f) => f.Invoke;
}

// The generic function on chunked duals, as the type ForwardMode's gradient loop is generic in: a struct function's
// Invoke is called directly (and can be inlined); binding the interface's generic method to a delegate instead costs a
// run-time method lookup and an allocation per call, about as much as Powell's whole chunked gradient.
internal readonly struct OnChunks<TFunction, TChunk>(TFunction f) : IChunkFunction<TChunk>
    where TFunction : IScalarFunction
    where TChunk : struct, IChunk<TChunk>
{
    public ChunkDual<TChunk> Invoke(ReadOnlySpan<ChunkDual<TChunk>> x) => f.Invoke(x);
}

// A struct with no instance fields is one function whatever its value, so a delegate over default(TFunction), built once
// per type, serves every call: ReverseMode's entry points take a delegate, and building one per call (the interface's
// generic method looked up at run time, plus an allocation) cost about a tenth of Powell's reverse gradient. Read-only
// once the type is initialised: nothing here changes afterwards. A class or a struct with fields gets null (a delegate
// per call: its instance is the function).
internal static class Stateless<TFunction> where TFunction : IScalarFunction
{
    public static readonly ScalarFunc<Var<double>>? Var = IsStateless() ? default(TFunction)!.Invoke : null;

    private static bool IsStateless() =>
        typeof(TFunction).IsValueType
        && typeof(TFunction).GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Length == 0;
}
