using System.Text;

namespace AgentChat.Metrics;

/// <summary>A count that only goes up. Lock-free.</summary>
public sealed class Counter : IMetricSamples
{
    private long _value;

    public long Value => Interlocked.Read(ref _value);

    public void Inc() => Interlocked.Increment(ref _value);

    public void Inc(long by)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(by);
        Interlocked.Add(ref _value, by);
    }

    void IMetricSamples.WriteSamples(StringBuilder text, string name, string labels) =>
        MetricText.Sample(text, name, "", labels, Value);
}
