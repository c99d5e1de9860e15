using System.Runtime.CompilerServices;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;

namespace DualGrad.Forward;

// The generic-math members that are not primitives. One convention each, stated beside it:
// - comparisons, equality, ordering and sign tests look at the primal value only, so branching code
//   differentiates piecewise (the branch taken at the point decides the derivative);
// - IsNaN and IsInfinity are true if any part is, IsFinite and IsZero only if every part is
//   (a NaN tangent is a failure worth seeing; "zero" means "no perturbation either");
// - constants, parsed values and converted-in numbers carry tangent 0; converting out drops the tangent.
public readonly partial struct Dual<T> : IFloatingPointIeee754<Dual<T>>
{
    /// <summary>0 (a constant).</summary>
    public static Dual<T> Zero { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(T.Zero, T.Zero); }

    /// <summary>1 (a constant).</summary>
    public static Dual<T> One { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(T.One, T.Zero); }

    /// <summary>-1 (a constant).</summary>
    public static Dual<T> NegativeOne { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(-T.One, T.Zero); }

    /// <summary>The radix of the primal type.</summary>
    public static int Radix => T.Radix;

    /// <summary>The additive identity, 0.</summary>
    public static Dual<T> AdditiveIdentity { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Zero; }

    /// <summary>The multiplicative identity, 1.</summary>
    public static Dual<T> MultiplicativeIdentity { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => One; }

    /// <summary>e (a constant).</summary>
    public static Dual<T> E { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(T.E, T.Zero); }

    /// <summary>π (a constant).</summary>
    public static Dual<T> Pi { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(T.Pi, T.Zero); }

    /// <summary>τ = 2π (a constant).</summary>
    public static Dual<T> Tau { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(T.Tau, T.Zero); }

    /// <summary>The smallest positive value of the primal type (a constant).</summary>
    public static Dual<T> Epsilon { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(T.Epsilon, T.Zero); }

    /// <summary>NaN (a constant).</summary>
    public static Dual<T> NaN { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(T.NaN, T.Zero); }

    /// <summary>-∞ (a constant).</summary>
    public static Dual<T> NegativeInfinity { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(T.NegativeInfinity, T.Zero); }

    /// <summary>+∞ (a constant).</summary>
    public static Dual<T> PositiveInfinity { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(T.PositiveInfinity, T.Zero); }

    /// <summary>-0 (a constant).</summary>
    public static Dual<T> NegativeZero { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(T.NegativeZero, T.Zero); }

    // Comparisons and equality: primal value only.
    /// <summary>Compares primal values.</summary><param name="left">x.</param><param name="right">y.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator ==(Dual<T> left, Dual<T> right) => left.Value == right.Value;

    /// <summary>Compares primal values.</summary><param name="left">x.</param><param name="right">y.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator !=(Dual<T> left, Dual<T> right) => left.Value != right.Value;

    /// <summary>Compares primal values.</summary><param name="left">x.</param><param name="right">y.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator <(Dual<T> left, Dual<T> right) => left.Value < right.Value;

    /// <summary>Compares primal values.</summary><param name="left">x.</param><param name="right">y.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator >(Dual<T> left, Dual<T> right) => left.Value > right.Value;

    /// <summary>Compares primal values.</summary><param name="left">x.</param><param name="right">y.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator <=(Dual<T> left, Dual<T> right) => left.Value <= right.Value;

    /// <summary>Compares primal values.</summary><param name="left">x.</param><param name="right">y.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator >=(Dual<T> left, Dual<T> right) => left.Value >= right.Value;

    /// <summary>Equality of primal values (consistent with <c>==</c>).</summary>
    /// <param name="other">The other number.</param>
    /// <returns>Whether the primal values are equal.</returns>
    public bool Equals(Dual<T> other) => Value.Equals(other.Value);

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is Dual<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Value.GetHashCode();

    /// <summary>Orders by primal value.</summary>
    /// <param name="other">The other number.</param>
    /// <returns>The order of the primal values.</returns>
    public int CompareTo(Dual<T> other) => Value.CompareTo(other.Value);

    /// <summary>Orders by primal value.</summary>
    /// <param name="obj">The other number.</param>
    /// <returns>The order of the primal values.</returns>
    /// <exception cref="ArgumentException">When <paramref name="obj"/> is not a dual number of this type.</exception>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        Dual<T> other => CompareTo(other),
        _ => throw new ArgumentException($"Object must be of type {typeof(Dual<T>).Name}.", nameof(obj)),
    };

    // Classification: any part NaN/infinite makes the number NaN/infinite; finite and zero need every part.
    /// <summary>True if the value or the tangent is NaN.</summary><param name="value">x.</param>
    public static bool IsNaN(Dual<T> value) => T.IsNaN(value.Value) || T.IsNaN(value.Tangent);

    /// <summary>True if the value or the tangent is infinite.</summary><param name="value">x.</param>
    public static bool IsInfinity(Dual<T> value) => T.IsInfinity(value.Value) || T.IsInfinity(value.Tangent);

    /// <summary>True if both value and tangent are finite.</summary><param name="value">x.</param>
    public static bool IsFinite(Dual<T> value) => T.IsFinite(value.Value) && T.IsFinite(value.Tangent);

    /// <summary>True if both value and tangent are zero (no value and no perturbation).</summary><param name="value">x.</param>
    public static bool IsZero(Dual<T> value) => T.IsZero(value.Value) && T.IsZero(value.Tangent);

    /// <summary>Tests the primal value.</summary><param name="value">x.</param>
    public static bool IsPositiveInfinity(Dual<T> value) => T.IsPositiveInfinity(value.Value);

    /// <summary>Tests the primal value.</summary><param name="value">x.</param>
    public static bool IsNegativeInfinity(Dual<T> value) => T.IsNegativeInfinity(value.Value);

    /// <summary>Tests the primal value.</summary><param name="value">x.</param>
    public static bool IsNegative(Dual<T> value) => T.IsNegative(value.Value);

    /// <summary>Tests the primal value.</summary><param name="value">x.</param>
    public static bool IsPositive(Dual<T> value) => T.IsPositive(value.Value);

    /// <summary>Tests the primal value.</summary><param name="value">x.</param>
    public static bool IsInteger(Dual<T> value) => T.IsInteger(value.Value);

    /// <summary>Tests the primal value.</summary><param name="value">x.</param>
    public static bool IsEvenInteger(Dual<T> value) => T.IsEvenInteger(value.Value);

    /// <summary>Tests the primal value.</summary><param name="value">x.</param>
    public static bool IsOddInteger(Dual<T> value) => T.IsOddInteger(value.Value);

    /// <summary>Tests the primal value.</summary><param name="value">x.</param>
    public static bool IsNormal(Dual<T> value) => T.IsNormal(value.Value);

    /// <summary>Tests the primal value.</summary><param name="value">x.</param>
    public static bool IsSubnormal(Dual<T> value) => T.IsSubnormal(value.Value);

    /// <summary>Always true: a dual number's parts are real.</summary><param name="value">x.</param>
    public static bool IsRealNumber(Dual<T> value) => T.IsRealNumber(value.Value);

    /// <summary>Always false.</summary><param name="value">x.</param>
    public static bool IsComplexNumber(Dual<T> value) => false;

    /// <summary>Always false.</summary><param name="value">x.</param>
    public static bool IsImaginaryNumber(Dual<T> value) => false;

    /// <summary>Always true.</summary><param name="value">x.</param>
    public static bool IsCanonical(Dual<T> value) => true;

    // Conversions in: the number becomes a constant. Conversions out: the tangent is dropped.
    static bool INumberBase<Dual<T>>.TryConvertFromChecked<TOther>(TOther value, out Dual<T> result) => TryConvertFrom(value, T.CreateChecked, out result);

    static bool INumberBase<Dual<T>>.TryConvertFromSaturating<TOther>(TOther value, out Dual<T> result) => TryConvertFrom(value, T.CreateSaturating, out result);

    static bool INumberBase<Dual<T>>.TryConvertFromTruncating<TOther>(TOther value, out Dual<T> result) => TryConvertFrom(value, T.CreateTruncating, out result);

    static bool INumberBase<Dual<T>>.TryConvertToChecked<TOther>(Dual<T> value, [MaybeNullWhen(false)] out TOther result) => TryConvertTo(value, TOther.CreateChecked, out result);

    static bool INumberBase<Dual<T>>.TryConvertToSaturating<TOther>(Dual<T> value, [MaybeNullWhen(false)] out TOther result) => TryConvertTo(value, TOther.CreateSaturating, out result);

    static bool INumberBase<Dual<T>>.TryConvertToTruncating<TOther>(Dual<T> value, [MaybeNullWhen(false)] out TOther result) => TryConvertTo(value, TOther.CreateTruncating, out result);

    private static bool TryConvertFrom<TOther>(TOther value, Func<TOther, T> create, out Dual<T> result) where TOther : INumberBase<TOther>
    {
        if (value is Dual<T> same) { result = same; return true; }
        try { result = new(create(value), T.Zero); return true; }
        catch (NotSupportedException) { result = default; return false; }
    }

    private static bool TryConvertTo<TOther>(Dual<T> value, Func<T, TOther> create, [MaybeNullWhen(false)] out TOther result) where TOther : INumberBase<TOther>
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
    // A dual converted to its own type is itself, tangent kept, as CreateSaturating and CreateTruncating give.
    public static Dual<T> CreateChecked<TOther>(TOther value) where TOther : INumberBase<TOther> =>
        value is Dual<T> same ? same : new(T.CreateChecked(value), T.Zero);

    // Parsing: the text is a number, so the result is a constant.
    /// <summary>Parses a constant.</summary><param name="s">Text.</param><param name="style">Number style.</param><param name="provider">Culture.</param>
    public static Dual<T> Parse(string s, NumberStyles style, IFormatProvider? provider) => new(T.Parse(s, style, provider), T.Zero);

    /// <summary>Parses a constant.</summary><param name="s">Text.</param><param name="style">Number style.</param><param name="provider">Culture.</param>
    public static Dual<T> Parse(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider) => new(T.Parse(s, style, provider), T.Zero);

    /// <summary>Parses a constant.</summary><param name="s">Text.</param><param name="provider">Culture.</param>
    public static Dual<T> Parse(string s, IFormatProvider? provider) => new(T.Parse(s, provider), T.Zero);

    /// <summary>Parses a constant.</summary><param name="s">Text.</param><param name="provider">Culture.</param>
    public static Dual<T> Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => new(T.Parse(s, provider), T.Zero);

    /// <summary>Tries to parse a constant.</summary><param name="s">Text.</param><param name="style">Number style.</param><param name="provider">Culture.</param><param name="result">The constant.</param>
    public static bool TryParse([NotNullWhen(true)] string? s, NumberStyles style, IFormatProvider? provider, out Dual<T> result) =>
        Lift(T.TryParse(s, style, provider, out var v), v!, out result);

    /// <summary>Tries to parse a constant.</summary><param name="s">Text.</param><param name="style">Number style.</param><param name="provider">Culture.</param><param name="result">The constant.</param>
    public static bool TryParse(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider, out Dual<T> result) =>
        Lift(T.TryParse(s, style, provider, out var v), v!, out result);

    /// <summary>Tries to parse a constant.</summary><param name="s">Text.</param><param name="provider">Culture.</param><param name="result">The constant.</param>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out Dual<T> result) =>
        Lift(T.TryParse(s, provider, out var v), v!, out result);

    /// <summary>Tries to parse a constant.</summary><param name="s">Text.</param><param name="provider">Culture.</param><param name="result">The constant.</param>
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out Dual<T> result) =>
        Lift(T.TryParse(s, provider, out var v), v!, out result);

    private static bool Lift(bool ok, T value, out Dual<T> result)
    {
        result = new(value, T.Zero);
        return ok;
    }

    // Formatting shows both parts: "value + tangentε".
    /// <summary>Formats as <c>value + tangentε</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => ToString(null, CultureInfo.InvariantCulture);

    /// <summary>Formats as <c>value + tangentε</c>, each part with <paramref name="format"/>.</summary>
    /// <param name="format">The number format for each part.</param><param name="formatProvider">Culture.</param>
    /// <returns>The text.</returns>
    public string ToString(string? format, IFormatProvider? formatProvider) =>
        $"{Value.ToString(format, formatProvider)} + {Tangent.ToString(format, formatProvider)}ε";

    /// <summary>Formats as <c>value + tangentε</c> into a span.</summary>
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
    int IFloatingPoint<Dual<T>>.GetExponentByteCount() => Value.GetExponentByteCount();

    int IFloatingPoint<Dual<T>>.GetExponentShortestBitLength() => Value.GetExponentShortestBitLength();

    int IFloatingPoint<Dual<T>>.GetSignificandBitLength() => Value.GetSignificandBitLength();

    int IFloatingPoint<Dual<T>>.GetSignificandByteCount() => Value.GetSignificandByteCount();

    bool IFloatingPoint<Dual<T>>.TryWriteExponentBigEndian(Span<byte> destination, out int bytesWritten) => Value.TryWriteExponentBigEndian(destination, out bytesWritten);

    bool IFloatingPoint<Dual<T>>.TryWriteExponentLittleEndian(Span<byte> destination, out int bytesWritten) => Value.TryWriteExponentLittleEndian(destination, out bytesWritten);

    bool IFloatingPoint<Dual<T>>.TryWriteSignificandBigEndian(Span<byte> destination, out int bytesWritten) => Value.TryWriteSignificandBigEndian(destination, out bytesWritten);

    bool IFloatingPoint<Dual<T>>.TryWriteSignificandLittleEndian(Span<byte> destination, out int bytesWritten) => Value.TryWriteSignificandLittleEndian(destination, out bytesWritten);
}
