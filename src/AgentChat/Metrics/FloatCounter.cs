using System.Text;

namespace AgentChat.Metrics;

/// <summary>A count that only goes up by fractions (dollars, seconds). Lock-free: the double lives in a long's bits.</summary>
public sealed class FloatCounter : IMetricSamples
{
    private long _bits;

    public double Value => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _bits));

    /// <summary>Adds <paramref name="by"/>; a negative, NaN or infinite amount is refused, so the count never goes down or breaks.</summary>
    public void Inc(double by)
    {
        if (!double.IsFinite(by) || by < 0) throw new ArgumentOutOfRangeException(nameof(by), by, "a counter only goes up by a finite amount");
        MetricText.AddDouble(ref _bits, by);
    }

    void IMetricSamples.WriteSamples(StringBuilder text, string name, string labels) =>
        MetricText.Sample(text, name, "", labels, Value);
}
