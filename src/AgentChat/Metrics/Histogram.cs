using System.Text;

namespace AgentChat.Metrics;

/// <summary>
/// Observations counted into fixed buckets (upper bounds, +Inf added), with their sum and count. Lock-free: one
/// interlocked increment for the bucket, one compare-exchange for the sum. A scrape racing an observation may see
/// the bucket before the count; Prometheus tolerates that.
/// </summary>
public sealed class Histogram : IMetricSamples
{
    /// <summary>Seconds, from 5 ms to 5 min: a message through a homeserver on a LAN, up to one waiting out an outage.</summary>
    public static readonly double[] LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

    private readonly double[] _bounds;
    private readonly long[] _counts; // per bucket, not cumulative; the last is +Inf
    private long _sumBits;

    internal Histogram(double[] buckets)
    {
        if (buckets.Length == 0) throw new ArgumentException("a histogram needs at least one bucket", nameof(buckets));
        for (var i = 0; i < buckets.Length; i++)
        {
            if (double.IsNaN(buckets[i]) || double.IsPositiveInfinity(buckets[i]))
                throw new ArgumentException("bucket bounds must be numbers (+Inf is added by itself)", nameof(buckets));
            if (i > 0 && buckets[i] <= buckets[i - 1]) throw new ArgumentException("bucket bounds must increase strictly", nameof(buckets));
        }
        _bounds = [.. buckets];
        _counts = new long[buckets.Length + 1];
    }

    public IReadOnlyList<double> Bounds => _bounds;

    public long Count
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _counts.Length; i++) total += Interlocked.Read(ref _counts[i]);
            return total;
        }
    }

    public double Sum => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _sumBits));

    public void Observe(double value)
    {
        if (double.IsNaN(value)) return;
        var i = Array.BinarySearch(_bounds, value);
        if (i < 0) i = ~i; // the first bound above the value; a value equal to a bound belongs to it (le)
        Interlocked.Increment(ref _counts[i]);
        MetricText.AddDouble(ref _sumBits, value);
    }

    /// <summary>Observes the seconds since <paramref name="startTimestamp"/> (from <see cref="TimeProvider.GetTimestamp"/>).</summary>
    public void ObserveSince(long startTimestamp, TimeProvider time) => Observe(time.GetElapsedTime(startTimestamp).TotalSeconds);

    void IMetricSamples.WriteSamples(StringBuilder text, string name, string labels)
    {
        var sep = labels.Length == 0 ? "" : ",";
        long cumulative = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            cumulative += Interlocked.Read(ref _counts[i]);
            var le = i < _bounds.Length ? MetricText.Number(_bounds[i]) : "+Inf";
            MetricText.Sample(text, name, "_bucket", labels + sep + "le=\"" + le + "\"", cumulative);
        }
        MetricText.Sample(text, name, "_sum", labels, Sum);
        MetricText.Sample(text, name, "_count", labels, cumulative);
    }
}
