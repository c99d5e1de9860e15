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
public readonly partial struct ChunkDual<TChunk> : IFloatingPointIeee754<ChunkDual<TChunk>>
{
    /// <summary>0 (a constant).</summary>
    public static ChunkDual<TChunk> Zero { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(0.0, TChunk.Zero); }

    /// <summary>1 (a constant).</summary>
    public static ChunkDual<TChunk> One { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(1.0, TChunk.Zero); }

    /// <summary>-1 (a constant).</summary>
    public static ChunkDual<TChunk> NegativeOne { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(-1.0, TChunk.Zero); }

    /// <summary>The radix of the primal type.</summary>
    public static int Radix => 2;

    /// <summary>The additive identity, 0.</summary>
    public static ChunkDual<TChunk> AdditiveIdentity { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Zero; }

    /// <summary>The multiplicative identity, 1.</summary>
    public static ChunkDual<TChunk> MultiplicativeIdentity { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => One; }

    /// <summary>e (a constant).</summary>
    public static ChunkDual<TChunk> E { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(Math.E, TChunk.Zero); }

    /// <summary>π (a constant).</summary>
    public static ChunkDual<TChunk> Pi { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(Math.PI, TChunk.Zero); }

    /// <summary>τ = 2π (a constant).</summary>
    public static ChunkDual<TChunk> Tau { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(Math.Tau, TChunk.Zero); }

    /// <summary>The smallest positive value of the primal type (a constant).</summary>
    public static ChunkDual<TChunk> Epsilon { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(double.Epsilon, TChunk.Zero); }

    /// <summary>NaN (a constant).</summary>
    public static ChunkDual<TChunk> NaN { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(double.NaN, TChunk.Zero); }

    /// <summary>-∞ (a constant).</summary>
    public static ChunkDual<TChunk> NegativeInfinity { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(double.NegativeInfinity, TChunk.Zero); }

    /// <summary>+∞ (a constant).</summary>
    public static ChunkDual<TChunk> PositiveInfinity { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(double.PositiveInfinity, TChunk.Zero); }

    /// <summary>-0 (a constant).</summary>
    public static ChunkDual<TChunk> NegativeZero { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(double.NegativeZero, TChunk.Zero); }

    // Comparisons and equality: primal value only.
    /// <summary>Compares primal values.</summary><param name="left">x.</param><param name="right">y.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator ==(ChunkDual<TChunk> left, ChunkDual<TChunk> right) => left.Value == right.Value;

    /// <summary>Compares primal values.</summary><param name="left">x.</param><param name="right">y.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator !=(ChunkDual<TChunk> left, ChunkDual<TChunk> right) => left.Value != right.Value;

    /// <summary>Compares primal values.</summary><param name="left">x.</param><param name="right">y.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator <(ChunkDual<TChunk> left, ChunkDual<TChunk> right) => left.Value < right.Value;

    /// <summary>Compares primal values.</summary><param name="left">x.</param><param name="right">y.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator >(ChunkDual<TChunk> left, ChunkDual<TChunk> right) => left.Value > right.Value;

    /// <summary>Compares primal values.</summary><param name="left">x.</param><param name="right">y.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator <=(ChunkDual<TChunk> left, ChunkDual<TChunk> right) => left.Value <= right.Value;

    /// <summary>Compares primal values.</summary><param name="left">x.</param><param name="right">y.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator >=(ChunkDual<TChunk> left, ChunkDual<TChunk> right) => left.Value >= right.Value;

    /// <summary>Equality of primal values (consistent with <c>==</c>).</summary>
    /// <param name="other">The other number.</param>
    /// <returns>Whether the primal values are equal.</returns>
    public bool Equals(ChunkDual<TChunk> other) => Value.Equals(other.Value);

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is ChunkDual<TChunk> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => ((IFloatingPoint<double>)Value).GetHashCode();

    /// <summary>Orders by primal value.</summary>
    /// <param name="other">The other number.</param>
    /// <returns>The order of the primal values.</returns>
    public int CompareTo(ChunkDual<TChunk> other) => Value.CompareTo(other.Value);

    /// <summary>Orders by primal value.</summary>
    /// <param name="obj">The other number.</param>
    /// <returns>The order of the primal values.</returns>
    /// <exception cref="ArgumentException">When <paramref name="obj"/> is not a dual number of this type.</exception>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        ChunkDual<TChunk> other => CompareTo(other),
        _ => throw new ArgumentException($"Object must be of type {typeof(ChunkDual<TChunk>).Name}.", nameof(obj)),
    };

    // Classification: any part NaN/infinite makes the number NaN/infinite; finite and zero need every part.
    /// <summary>True if the value or the tangent is NaN.</summary><param name="value">x.</param>
    public static bool IsNaN(ChunkDual<TChunk> value) => double.IsNaN(value.Value) || TChunk.AnyNaN(value.Tangent);

    /// <summary>True if the value or the tangent is infinite.</summary><param name="value">x.</param>
    public static bool IsInfinity(ChunkDual<TChunk> value) => double.IsInfinity(value.Value) || TChunk.AnyInfinity(value.Tangent);

    /// <summary>True if both value and tangent are finite.</summary><param name="value">x.</param>
    public static bool IsFinite(ChunkDual<TChunk> value) => double.IsFinite(value.Value) && !TChunk.AnyNaN(value.Tangent) && !TChunk.AnyInfinity(value.Tangent);

    /// <summary>True if both value and tangent are zero (no value and no perturbation).</summary><param name="value">x.</param>
    public static bool IsZero(ChunkDual<TChunk> value) => value.Value == 0.0 && TChunk.IsZero(value.Tangent);

    /// <summary>Tests the primal value.</summary><param name="value">x.</param>
    public static bool IsPositiveInfinity(ChunkDual<TChunk> value) => double.IsPositiveInfinity(value.Value);

    /// <summary>Tests the primal value.</summary><param name="value">x.</param>
    public static bool IsNegativeInfinity(ChunkDual<TChunk> value) => double.IsNegativeInfinity(value.Value);

    /// <summary>Tests the primal value.</summary><param name="value">x.</param>
    public static bool IsNegative(ChunkDual<TChunk> value) => double.IsNegative(value.Value);

    /// <summary>Tests the primal value.</summary><param name="value">x.</param>
    public static bool IsPositive(ChunkDual<TChunk> value) => double.IsPositive(value.Value);

    /// <summary>Tests the primal value.</summary><param name="value">x.</param>
    public static bool IsInteger(ChunkDual<TChunk> value) => double.IsInteger(value.Value);

    /// <summary>Tests the primal value.</summary><param name="value">x.</param>
    public static bool IsEvenInteger(ChunkDual<TChunk> value) => double.IsEvenInteger(value.Value);

    /// <summary>Tests the primal value.</summary><param name="value">x.</param>
    public static bool IsOddInteger(ChunkDual<TChunk> value) => double.IsOddInteger(value.Value);

    /// <summary>Tests the primal value.</summary><param name="value">x.</param>
    public static bool IsNormal(ChunkDual<TChunk> value) => double.IsNormal(value.Value);

    /// <summary>Tests the primal value.</summary><param name="value">x.</param>
    public static bool IsSubnormal(ChunkDual<TChunk> value) => double.IsSubnormal(value.Value);

    /// <summary>Always true: a dual number's parts are real.</summary><param name="value">x.</param>
    public static bool IsRealNumber(ChunkDual<TChunk> value) => double.IsRealNumber(value.Value);

    /// <summary>Always false.</summary><param name="value">x.</param>
    public static bool IsComplexNumber(ChunkDual<TChunk> value) => false;

    /// <summary>Always false.</summary><param name="value">x.</param>
    public static bool IsImaginaryNumber(ChunkDual<TChunk> value) => false;

    /// <summary>Always true.</summary><param name="value">x.</param>
    public static bool IsCanonical(ChunkDual<TChunk> value) => true;

    // Conversions in: the number becomes a constant. Conversions out: the tangent is dropped.
    static bool INumberBase<ChunkDual<TChunk>>.TryConvertFromChecked<TOther>(TOther value, out ChunkDual<TChunk> result) => TryConvertFrom(value, double.CreateChecked, out result);

    static bool INumberBase<ChunkDual<TChunk>>.TryConvertFromSaturating<TOther>(TOther value, out ChunkDual<TChunk> result) => TryConvertFrom(value, double.CreateSaturating, out result);

    static bool INumberBase<ChunkDual<TChunk>>.TryConvertFromTruncating<TOther>(TOther value, out ChunkDual<TChunk> result) => TryConvertFrom(value, double.CreateTruncating, out result);

    static bool INumberBase<ChunkDual<TChunk>>.TryConvertToChecked<TOther>(ChunkDual<TChunk> value, [MaybeNullWhen(false)] out TOther result) => TryConvertTo(value, TOther.CreateChecked, out result);

    static bool INumberBase<ChunkDual<TChunk>>.TryConvertToSaturating<TOther>(ChunkDual<TChunk> value, [MaybeNullWhen(false)] out TOther result) => TryConvertTo(value, TOther.CreateSaturating, out result);

    static bool INumberBase<ChunkDual<TChunk>>.TryConvertToTruncating<TOther>(ChunkDual<TChunk> value, [MaybeNullWhen(false)] out TOther result) => TryConvertTo(value, TOther.CreateTruncating, out result);

    private static bool TryConvertFrom<TOther>(TOther value, Func<TOther, double> create, out ChunkDual<TChunk> result) where TOther : INumberBase<TOther>
    {
        if (value is ChunkDual<TChunk> same) { result = same; return true; }
        try { result = new(create(value), TChunk.Zero); return true; }
        catch (NotSupportedException) { result = default; return false; }
    }

    private static bool TryConvertTo<TOther>(ChunkDual<TChunk> value, Func<double, TOther> create, [MaybeNullWhen(false)] out TOther result) where TOther : INumberBase<TOther>
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
    // A chunked dual converted to its own type is itself, tangents kept, as CreateSaturating and CreateTruncating give.
    public static ChunkDual<TChunk> CreateChecked<TOther>(TOther value) where TOther : INumberBase<TOther> =>
        value is ChunkDual<TChunk> same ? same : new(double.CreateChecked(value), TChunk.Zero);

    // Parsing: the text is a number, so the result is a constant.
    /// <summary>Parses a constant.</summary><param name="s">Text.</param><param name="style">Number style.</param><param name="provider">Culture.</param>
    public static ChunkDual<TChunk> Parse(string s, NumberStyles style, IFormatProvider? provider) => new(double.Parse(s, style, provider), TChunk.Zero);

    /// <summary>Parses a constant.</summary><param name="s">Text.</param><param name="style">Number style.</param><param name="provider">Culture.</param>
    public static ChunkDual<TChunk> Parse(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider) => new(double.Parse(s, style, provider), TChunk.Zero);

    /// <summary>Parses a constant.</summary><param name="s">Text.</param><param name="provider">Culture.</param>
    public static ChunkDual<TChunk> Parse(string s, IFormatProvider? provider) => new(double.Parse(s, provider), TChunk.Zero);

    /// <summary>Parses a constant.</summary><param name="s">Text.</param><param name="provider">Culture.</param>
    public static ChunkDual<TChunk> Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => new(double.Parse(s, provider), TChunk.Zero);

    /// <summary>Tries to parse a constant.</summary><param name="s">Text.</param><param name="style">Number style.</param><param name="provider">Culture.</param><param name="result">The constant.</param>
    public static bool TryParse([NotNullWhen(true)] string? s, NumberStyles style, IFormatProvider? provider, out ChunkDual<TChunk> result) =>
        Lift(double.TryParse(s, style, provider, out var v), v, out result);

    /// <summary>Tries to parse a constant.</summary><param name="s">Text.</param><param name="style">Number style.</param><param name="provider">Culture.</param><param name="result">The constant.</param>
    public static bool TryParse(ReadOnlySpan<char> s, NumberStyles style, IFormatProvider? provider, out ChunkDual<TChunk> result) =>
        Lift(double.TryParse(s, style, provider, out var v), v, out result);

    /// <summary>Tries to parse a constant.</summary><param name="s">Text.</param><param name="provider">Culture.</param><param name="result">The constant.</param>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out ChunkDual<TChunk> result) =>
        Lift(double.TryParse(s, provider, out var v), v, out result);

    /// <summary>Tries to parse a constant.</summary><param name="s">Text.</param><param name="provider">Culture.</param><param name="result">The constant.</param>
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out ChunkDual<TChunk> result) =>
        Lift(double.TryParse(s, provider, out var v), v, out result);

    private static bool Lift(bool ok, double value, out ChunkDual<TChunk> result)
    {
        result = new(value, TChunk.Zero);
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
        $"{Value.ToString(format, formatProvider)} + {Tangent}ε";

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
    int IFloatingPoint<ChunkDual<TChunk>>.GetExponentByteCount() => ((IFloatingPoint<double>)Value).GetExponentByteCount();

    int IFloatingPoint<ChunkDual<TChunk>>.GetExponentShortestBitLength() => ((IFloatingPoint<double>)Value).GetExponentShortestBitLength();

    int IFloatingPoint<ChunkDual<TChunk>>.GetSignificandBitLength() => ((IFloatingPoint<double>)Value).GetSignificandBitLength();

    int IFloatingPoint<ChunkDual<TChunk>>.GetSignificandByteCount() => ((IFloatingPoint<double>)Value).GetSignificandByteCount();

    bool IFloatingPoint<ChunkDual<TChunk>>.TryWriteExponentBigEndian(Span<byte> destination, out int bytesWritten) => ((IFloatingPoint<double>)Value).TryWriteExponentBigEndian(destination, out bytesWritten);

    bool IFloatingPoint<ChunkDual<TChunk>>.TryWriteExponentLittleEndian(Span<byte> destination, out int bytesWritten) => ((IFloatingPoint<double>)Value).TryWriteExponentLittleEndian(destination, out bytesWritten);

    bool IFloatingPoint<ChunkDual<TChunk>>.TryWriteSignificandBigEndian(Span<byte> destination, out int bytesWritten) => ((IFloatingPoint<double>)Value).TryWriteSignificandBigEndian(destination, out bytesWritten);

    bool IFloatingPoint<ChunkDual<TChunk>>.TryWriteSignificandLittleEndian(Span<byte> destination, out int bytesWritten) => ((IFloatingPoint<double>)Value).TryWriteSignificandLittleEndian(destination, out bytesWritten);
}
