using System.Globalization;

namespace AgentChat.Tests.Metrics;

/// <summary>Sample lines of an exposition, by series (name with its labels as written).</summary>
internal sealed class Samples(Dictionary<string, double> values)
{
    public static Samples Parse(string text)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var space = line.LastIndexOf(' ');
            values[line[..space]] = double.Parse(line[(space + 1)..].Replace("+Inf", "Infinity", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        }
        return new Samples(values);
    }

    /// <summary>The series' value; 0 when absent (a labelled child not made yet).</summary>
    public double Get(string series) => values.GetValueOrDefault(series);

    public bool Has(string series) => values.ContainsKey(series);
}
