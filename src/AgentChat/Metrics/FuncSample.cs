using System.Text;

namespace AgentChat.Metrics;

/// <summary>A sample read at scrape time. A reader that throws writes NaN rather than breaking the whole scrape.</summary>
internal sealed class FuncSample(Func<double> read) : IMetricSamples
{
    void IMetricSamples.WriteSamples(StringBuilder text, string name, string labels)
    {
        double value;
        try
        {
            value = read();
        }
#pragma warning disable CA1031 // one broken source must not take every other metric with it
        catch (Exception)
#pragma warning restore CA1031
        {
            value = double.NaN;
        }
        MetricText.Sample(text, name, "", labels, value);
    }
}
