using System.Runtime.CompilerServices;
using System.Numerics;

namespace DualGrad.Reverse;

/// <summary>The six comparisons; a guard step records which one was made and its outcome.</summary>
internal enum Comparison { Equal, NotEqual, Less, Greater, LessOrEqual, GreaterOrEqual }

// A comparison between recorded values is a branch point of the user's code: it is recorded as a guard step
// (kind and outcome in the value slot; the operands as parents or constants) so that replay can refuse to reuse a
// recording whose branches would go the other way. Guards carry no adjoint.
internal static class Guards
{
    public static bool Record<T>(Var<T> left, Var<T> right, Comparison kind, bool outcome) where T : IFloatingPointIeee754<T>
    {
        var tape = Tape<T>.Of(left, right);
        tape?.Push(Primitive.Guard, Encode<T>(kind, outcome),
            left.Tape is null ? -1 : left.Index, left.Value,
            right.Tape is null ? -1 : right.Index, right.Value);
        return outcome;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Encode<T>(Comparison kind, bool outcome) where T : IFloatingPointIeee754<T> =>
        T.CreateTruncating(2 * (int)kind + (outcome ? 1 : 0));

    public static (Comparison Kind, bool Outcome) Decode<T>(T code) where T : IFloatingPointIeee754<T>
    {
        var n = int.CreateTruncating(code);
        return ((Comparison)(n / 2), (n & 1) == 1);
    }

    public static bool Evaluate<T>(Comparison kind, T left, T right) where T : IFloatingPointIeee754<T> => kind switch
    {
        Comparison.Equal => left == right,
        Comparison.NotEqual => left != right,
        Comparison.Less => left < right,
        Comparison.Greater => left > right,
        Comparison.LessOrEqual => left <= right,
        _ => left >= right,
    };
}
