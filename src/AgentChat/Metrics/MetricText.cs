using System.Globalization;
using System.Text;

namespace AgentChat.Metrics;

/// <summary>The text format 0.0.4's small rules: names, escaping, numbers.</summary>
internal static class MetricText
{
    public static void ValidateName(string name)
    {
        if (!IsName(name, colons: true)) throw new ArgumentException($"'{name}' is not a valid metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)", nameof(name));
    }

    public static void ValidateLabelName(string name)
    {
        if (!IsName(name, colons: false) || name.StartsWith("__", StringComparison.Ordinal))
            throw new ArgumentException($"'{name}' is not a valid label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __)", nameof(name));
    }

    private static bool IsName(string name, bool colons)
    {
        if (name.Length == 0) return false;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' || (colons && c == ':') || (i > 0 && c is >= '0' and <= '9');
            if (!ok) return false;
        }
        return true;
    }

    /// <summary>HELP text: backslash and line feed escaped.</summary>
    public static string EscapeHelp(string help) => help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>A label value: backslash, double quote and line feed escaped.</summary>
    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public static string Labels(IReadOnlyList<string> names, string[] values)
    {
        var text = new StringBuilder();
        for (var i = 0; i < names.Count; i++)
        {
            if (i > 0) text.Append(',');
            text.Append(names[i]).Append("=\"").Append(EscapeLabelValue(values[i])).Append('"');
        }
        return text.ToString();
    }

    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    public static void Sample(StringBuilder text, string name, string suffix, string labels, double value)
    {
        text.Append(name).Append(suffix);
        if (labels.Length > 0) text.Append('{').Append(labels).Append('}');
        text.Append(' ').Append(Number(value)).Append('\n');
    }

    public static void Sample(StringBuilder text, string name, string suffix, string labels, long value)
    {
        text.Append(name).Append(suffix);
        if (labels.Length > 0) text.Append('{').Append(labels).Append('}');
        text.Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    /// <summary>Adds to a double kept as a long's bits, lock-free.</summary>
    public static void AddDouble(ref long bits, double by)
    {
        var seen = Interlocked.Read(ref bits);
        while (true)
        {
            var next = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(seen) + by);
            var actual = Interlocked.CompareExchange(ref bits, next, seen);
            if (actual == seen) return;
            seen = actual;
        }
    }
}
