using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace DualGrad;

// A record prints an ImmutableArray as its type name; the optimiser records print the values instead, the first few
// and a count for long ones, so that a state or result in a log or debugger says where it is.
internal static class ValuesText
{
    public const int Shown = 6;

    public static StringBuilder AppendValues(this StringBuilder text, ImmutableArray<double> values)
    {
        if (values.IsDefault) return text.Append("default");
        text.Append('[');
        for (var i = 0; i < Math.Min(values.Length, Shown); i++)
            text.Append(i == 0 ? "" : ", ").Append(values[i].ToString("R", CultureInfo.InvariantCulture));
        if (values.Length > Shown) text.Append(", …] (").Append(values.Length).Append(" values)");
        else text.Append(']');
        return text;
    }
}
