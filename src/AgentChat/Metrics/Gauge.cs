using System.Text;

namespace AgentChat.Metrics;

/// <summary>A value that goes up and down. Lock-free: the double lives in a long's bits.</summary>
public sealed class Gauge : IMetricSamples
{
    private long _bits;

    public double Value => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _bits));

    public void Set(double value) => Interlocked.Exchange(ref _bits, BitConverter.DoubleToInt64Bits(value));

    public void Inc(double by = 1) => MetricText.AddDouble(ref _bits, by);

    public void Dec(double by = 1) => MetricText.AddDouble(ref _bits, -by);

    void IMetricSamples.WriteSamples(StringBuilder text, string name, string labels) =>
        MetricText.Sample(text, name, "", labels, Value);
}
