namespace DualGrad.Reverse;

/// <summary>
/// What a recorded step was: the name of its pullback. Built-in steps are stored compactly (this code, the parents'
/// indices and the local partials); <see cref="Custom"/> steps keep a user's pullback closure.
/// </summary>
public enum Primitive : byte
{
    /// <summary>An input variable (a leaf of the graph).</summary>
    Input,
    /// <summary>A user-defined primitive with its own pullback closure.</summary>
    Custom,
    /// <summary>A comparison the recorded code branched on; checked again on replay.</summary>
    Guard,
#pragma warning disable CS1591 // Each member up to the restore is named after the rule in DualGrad.Forward.Rules that it records.
    Add, Subtract, Multiply, Divide, Negate, Remainder, Ieee754Remainder, ScaleB, Reciprocal, ReciprocalSqrt,
    Exp, Exp2, Exp10, ExpM1, Exp2M1, Exp10M1, Log, Log2, Log10, LogP1, Log2P1, Log10P1, LogBase,
    PowInteger, PowConstant, Pow, Sqrt, Cbrt, RootN, Hypot,
    Sin, Cos, Tan, SinPi, CosPi, TanPi, Asin, Acos, Atan, AsinPi, AcosPi, AtanPi, Atan2, Atan2Pi,
    Sinh, Cosh, Tanh, Asinh, Acosh, Atanh,
    Abs, Max, Min, CopySign, Floor, Ceiling, Truncate, Round, BitIncrement, BitDecrement,
    Sigmoid, Softplus, Relu, FusedMultiplyAdd,
#pragma warning restore CS1591
    // Added after the rule-named members so that their numeric values stay as they were.
    /// <summary>x·x of one recorded value: a product whose two parents are the same step, kept as one parent with partial 2x.</summary>
    Square,
}
