using System.Runtime.CompilerServices;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;

using DualGrad.Forward;

namespace DualGrad.Reverse;

// The generic-math members that are not primitives. One convention each, stated beside it:
// - comparisons, equality, ordering and sign tests look at the primal value only (code differentiates piecewise),
//   and comparisons are recorded as guards so that a replay can detect a branch going the other way;
// - classification (IsNaN, IsFinite, ...) looks at the value; IsZero also needs the value to be a constant,
//   because a recorded zero still carries a derivative (this matters when a Var is itself an adjoint);
// - constants, parsed values and converted-in numbers are constants; converting out drops the recording.
public readonly partial struct Var<T> : IFloatingPointIeee754<Var<T>>
{
    /// <summary>0 (a constant).</summary>
    public static Var<T> Zero => new(T.Zero);

    /// <summary>1 (a constant).</summary>
    public static Var<T> One => new(T.One);

    /// <summary>-1 (a constant).</summary>
    public static Var<T> NegativeOne => new(-T.One);

    /// <summary>The radix of the primal type.</summary>
    public static int Radix => T.Radix;

    /// <summary>The additive identity, 0.</summary>
    public static Var<T> AdditiveIdentity => Zero;

    /// <summary>The multiplicative identity, 1.</summary>
    public static Var<T> MultiplicativeIdentity => One;

    /// <summary>e (a constant).</summary>
    public static Var<T> E => new(T.E);

    /// <summary>π (a constant).</summary>
    public static Var<T> Pi => new(T.Pi);

    /// <summary>τ = 2π (a constant).</summary>
    public static Var<T> Tau => new(T.Tau);

    /// <summary>The smallest positive value of the primal type (a constant).</summary>
    public static Var<T> Epsilon => new(T.Epsilon);

    /// <summary>NaN (a constant).</summary>
    public static Var<T> NaN => new(T.NaN);

    /// <summary>-∞ (a constant).</summary>
    public static Var<T> NegativeInfinity => new(T.NegativeInfinity);

    /// <summary>+∞ (a constant).</summary>
    public static Var<T> PositiveInfinity => new(T.PositiveInfinity);

    /// <summary>-0 (a constant).</summary>
    public static Var<T> NegativeZero => new(T.NegativeZero);

    // Comparisons and equality: primal value only, recorded as guards for replay.
    /// <summary>Compares primal values.</summary><param name="left">x.</param><param name="right">y.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator ==(Var<T> left, Var<T> right) => Guards.Record(left, right, Comparison.Equal, left.Value == right.Value);

    /// <summary>Compares primal values.</summary><param name="left">x.</param><param name="right">y.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator !=(Var<T> left, Var<T> right) => Guards.Record(left, right, Comparison.NotEqual, left.Value != right.Value);

    /// <summary>Compares primal values.</summary><param name="left">x.</param><param name="right">y.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator <(Var<T> left, Var<T> right) => Guards.Record(left, right, Comparison.Less, left.Value < right.Value);

    /// <summary>Compares primal values.</summary><param name="left">x.</param><param name="right">y.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator >(Var<T> left, Var<T> right) => Guards.Record(left, right, Comparison.Greater, left.Value > right.Value);

    /// <summary>Compares primal values.</summary><param name="left">x.</param><param name="right">y.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator <=(Var<T> left, Var<T> right) => Guards.Record(left, right, Comparison.LessOrEqual, left.Value <= right.Value);

    /// <summary>Compares primal values.</summary><param name="left">x.</param><param name="right">y.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator >=(Var<T> left, Var<T> right) => Guards.Record(left, right, Comparison.GreaterOrEqual, left.Value >= right.Value);

    /// <summary>Equality of primal values, as <c>double.Equals</c> has it (NaN equals NaN, so collections work). Unlike
    /// <c>==</c> it is not recorded as a guard, so a replayed <see cref="Recording{T}"/> cannot tell when a branch taken
    /// on it would go the other way: branch on <c>==</c> in differentiated code.</summary>
    /// <param name="other">The other number.</param>
    /// <returns>Whether the primal values are equal.</returns>
    public bool Equals(Var<T> other) => Value.Equals(other.Value);

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is Var<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Value.GetHashCode();

    /// <summary>Orders by primal value.</summary>
    /// <param name="other">The other number.</param>
    /// <returns>The order of the primal values.</returns>
    public int CompareTo(Var<T> other) => this < other ? -1 : this > other ? 1 : Value.CompareTo(other.Value);

    /// <summary>Orders by primal value.</summary>
    /// <param name="obj">The other number.</param>
    /// <returns>The order of the primal values.</returns>
    /// <exception cref="ArgumentException">When <paramref name="obj"/> is not a dual number of this type.</exception>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        Var<T> other => CompareTo(other),
        _ => throw new ArgumentException($"Object must be of type {typeof(Var<T>).Name}.", nameof(obj)),
    };

    // Classification looks at the value; IsZero also needs a constant (see the note at the top).
    /// <summary>Tests the value.</summary><param name="value">x.</param>
    public static bool IsNaN(Var<T> value) => T.IsNaN(value.Value);

    /// <summary>Tests the value.</summary><param name="value">x.</param>
    public static bool IsInfinity(Var<T> value) => T.IsInfinity(value.Value);

    /// <summary>Tests the value.</summary><param name="value">x.</param>
    public static bool IsFinite(Var<T> value) => T.IsFinite(value.Value);

    /// <summary>True for a constant zero: a recorded zero still has a derivative, so it is not "zero" here.</summary><param name="value">x.</param>
    public static bool IsZero(Var<T> value) => value.Tape is null && T.IsZero(value.Value);

    /// <summary>Tests the primal value.</summary><param name="value">x.</param>
    public static bool IsPositiveInfinity(Var<T> value) => T.IsPositiveInfinity(value.Value);

    /// <summary>Tests the primal value.</summary><param name="value">x.</param>
    public static bool IsNegativeInfinity(Var<T> value) => T.IsNegativeInfinity(value.Value);

    /// <summary>Tests the primal value.</summary><param name="value">x.</param>
    public static bool IsNegative(Var<T> value) => T.IsNegative(value.Value);

    /// <summary>Tests the primal value.</summary><param name="value">x.</param>
    public static bool IsPositive(Var<T> value) => T.IsPositive(value.Value);

    /// <summary>Tests the primal value.</summary><param name="value">x.</param>
    public static bool IsInteger(Var<T> value) => T.IsInteger(value.Value);

    /// <summary>Tests the primal value.</summary><param name="value">x.</param>
    public static bool IsEvenInteger(Var<T> value) => T.IsEvenInteger(value.Value);

    /// <summary>Tests the primal value.</summary><param name="value">x.</param>
    public static bool IsOddInteger(Var<T> value) => T.IsOddInteger(value.Value);

    /// <summary>Tests the primal value.</summary><param name="value">x.</param>
    public static bool IsNormal(Var<T> value) => T.IsNormal(value.Value);

    /// <summary>Tests the primal value.</summary><param name="value">x.</param>
    public static bool IsSubnormal(Var<T> value) => T.IsSubnormal(value.Value);

    /// <summary>Always true: a dual number's parts are real.</summary><param name="value">x.</param>
    public static bool IsRealNumber(Var<T> value) => T.IsRealNumber(value.Value);

    /// <summary>Always false.</summary><param name="value">x.</param>
    public static bool IsComplexNumber(Var<T> value) => false;

    /// <summary>Always false.</summary><param name="value">x.</param>
    public static bool IsImaginaryNumber(Var<T> value) => false;

    /// <summary>Always true.</summary><param name="value">x.</param>
    public static bool IsCanonical(Var<T> value) => true;

    // Conversions in: the number becomes a constant. Conversions out: the tangent is dropped.
    static bool INumberBase<Var<T>>.TryConvertFromChecked<TOther>(TOther value, out Var<T> result) => TryConvertFrom(value, T.CreateChecked, out result);

    static bool INumberBase<Var<T>>.TryConvertFromSaturating<TOther>(TOther value, out Var<T> result) => TryConvertFrom(value, T.CreateSaturating, out result);

    static bool INumberBase<Var<T>>.TryConvertFromTruncating<TOther>(TOther value, out Var<T> result) => TryConvertFrom(value, T.CreateTruncating, out result);

    static bool INumberBase<Var<T>>.TryConvertToChecked<TOther>(Var<T> value, [MaybeNullWhen(false)] out TOther result) => TryConvertTo(value, TOther.CreateChecked, out result);

    static bool INumberBase<Var<T>>.TryConvertToSaturating<TOther>(Var<T> value, [MaybeNullWhen(false)] out TOther result) => TryConvertTo(value, TOther.CreateSaturating, out result);

    static bool INumberBase<Var<T>>.TryConvertToTruncating<TOther>(Var<T> value, [MaybeNullWhen(false)] out TOther result) => TryConvertTo(value, TOther.CreateTruncating, out result);

    private static bool TryConvertFrom<TOther>(TOther value, Func<TOther, T> create, out Var<T> result) where TOther : INumberBase<TOther>
    {
        if (value is Var<T> same) { result = same; return true; }
        try { result = new(create(value)); return true; }
        catch (NotSupportedException) { result = default; return false; }
    }

    private static bool TryConvertTo<TOther>(Var<T> value, Func<T, TOther> create, [MaybeNullWhen(false)] out TOther result) where TOther : INumberBase<TOther>
    {
        if (value is TOther same) { result = same; return true; }
        try { result = create(value.Value); return true; }
        catch (NotSupportedException) { result = default; return false; }
    }

    /// <summary>A constant from any number (like <c>double.CreateChecked</c>): the idiom for constants in generic code.</summary>
    /// <typeparam name="TOther">The source number type.</typeparam>
    /// <param name="value">The number.</param>
    /// <returns>The constant.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    // A Var converted to its own type is itself, still recorded, as CreateSaturating and CreateTruncating give.
    public static Var<T> CreateChecked<TOther>(TOther value) where TOther : INumberBase<TOther> =>
        value is Var<T> same ? same : new(T.CreateChecked(value));

    // Parsing: the text is a number, so the result is a constant.
    /// <summary>Parses a constant.</summary><param name="s">Text.</param><param name="style">Number style.</param><param name="provider">Culture.</param>
    public static Var<T> Parse(string s, NumberStyles style, IFormatProvider? provider) => new(T.Parse(s, style, provider));

    /// <summary>Parses a constant.</summary><param name="s">Text.</param><param name="style">Number style.</param><param name="provider">Culture.</param>
    public static Var<T> Parse(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider) => new(T.Parse(s, style, provider));

    /// <summary>Parses a constant.</summary><param name="s">Text.</param><param name="provider">Culture.</param>
    public static Var<T> Parse(string s, IFormatProvider? provider) => new(T.Parse(s, provider));

    /// <summary>Parses a constant.</summary><param name="s">Text.</param><param name="provider">Culture.</param>
    public static Var<T> Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => new(T.Parse(s, provider));

    /// <summary>Tries to parse a constant.</summary><param name="s">Text.</param><param name="style">Number style.</param><param name="provider">Culture.</param><param name="result">The constant.</param>
    public static bool TryParse([NotNullWhen(true)] string? s, NumberStyles style, IFormatProvider? provider, out Var<T> result) =>
        Lift(T.TryParse(s, style, provider, out var v), v!, out result);

    /// <summary>Tries to parse a constant.</summary><param name="s">Text.</param><param name="style">Number style.</param><param name="provider">Culture.</param><param name="result">The constant.</param>
    public static bool TryParse(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider, out Var<T> result) =>
        Lift(T.TryParse(s, style, provider, out var v), v!, out result);

    /// <summary>Tries to parse a constant.</summary><param name="s">Text.</param><param name="provider">Culture.</param><param name="result">The constant.</param>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out Var<T> result) =>
        Lift(T.TryParse(s, provider, out var v), v!, out result);

    /// <summary>Tries to parse a constant.</summary><param name="s">Text.</param><param name="provider">Culture.</param><param name="result">The constant.</param>
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out Var<T> result) =>
        Lift(T.TryParse(s, provider, out var v), v!, out result);

    private static bool Lift(bool ok, T value, out Var<T> result)
    {
        result = new(value);
        return ok;
    }

    // Formatting shows the value, as a double would print.
    /// <summary>Formats the value.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => ToString(null, CultureInfo.InvariantCulture);

    /// <summary>Formats the value with <paramref name="format"/>.</summary>
    /// <param name="format">The number format for each part.</param><param name="formatProvider">Culture.</param>
    /// <returns>The text.</returns>
    public string ToString(string? format, IFormatProvider? formatProvider) =>
        Value.ToString(format, formatProvider);

    /// <summary>Formats the value into a span.</summary>
    /// <param name="destination">Target.</param><param name="charsWritten">Characters written.</param><param name="format">Number format.</param><param name="provider">Culture.</param>
    /// <returns>Whether it fitted.</returns>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        var text = ToString(format.IsEmpty ? null : format.ToString(), provider);
        if (text.Length > destination.Length) { charsWritten = 0; return false; }
        text.CopyTo(destination);
        charsWritten = text.Length;
        return true;
    }

    // The IEEE byte layout is the primal value's: these members describe the number, not its derivative.
    int IFloatingPoint<Var<T>>.GetExponentByteCount() => Value.GetExponentByteCount();

    int IFloatingPoint<Var<T>>.GetExponentShortestBitLength() => Value.GetExponentShortestBitLength();

    int IFloatingPoint<Var<T>>.GetSignificandBitLength() => Value.GetSignificandBitLength();

    int IFloatingPoint<Var<T>>.GetSignificandByteCount() => Value.GetSignificandByteCount();

    bool IFloatingPoint<Var<T>>.TryWriteExponentBigEndian(Span<byte> destination, out int bytesWritten) => Value.TryWriteExponentBigEndian(destination, out bytesWritten);

    bool IFloatingPoint<Var<T>>.TryWriteExponentLittleEndian(Span<byte> destination, out int bytesWritten) => Value.TryWriteExponentLittleEndian(destination, out bytesWritten);

    bool IFloatingPoint<Var<T>>.TryWriteSignificandBigEndian(Span<byte> destination, out int bytesWritten) => Value.TryWriteSignificandBigEndian(destination, out bytesWritten);

    bool IFloatingPoint<Var<T>>.TryWriteSignificandLittleEndian(Span<byte> destination, out int bytesWritten) => Value.TryWriteSignificandLittleEndian(destination, out bytesWritten);
}
