using System.Text;

namespace AgentChat.Metrics;

/// <summary>
/// A set of Prometheus metrics and their exposition in the text format 0.0.4. Create each metric once at start
/// (<see cref="Counter(string, string)"/>, <see cref="Gauge(string, string)"/>, <see cref="Histogram(string, string, double[])"/>,
/// the labelled overloads, or the <c>*Func</c> ones read at scrape time), keep the returned object, and update it on
/// the hot path: an update is one or two interlocked operations, no lock, no allocation. Thread-safe.
/// </summary>
public sealed class MetricRegistry
{
    /// <summary>The Content-Type of <see cref="Render"/>'s text.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly Lock _lock = new();
    private readonly List<MetricFamily> _families = [];

    public Counter Counter(string name, string help) => Register(new MetricFamily<Counter>(name, help, "counter", [], () => new Counter())).Unlabelled;

    /// <summary>A counter with labels; <see cref="MetricFamily{T}.WithLabels"/> gives the child for a set of values (keep it).</summary>
    public MetricFamily<Counter> Counter(string name, string help, params string[] labelNames) =>
        Register(new MetricFamily<Counter>(name, help, "counter", labelNames, () => new Counter()));

    /// <summary>A counter of fractional amounts (dollars), with labels.</summary>
    public MetricFamily<FloatCounter> FloatCounter(string name, string help, params string[] labelNames) =>
        Register(new MetricFamily<FloatCounter>(name, help, "counter", labelNames, () => new FloatCounter()));

    public Gauge Gauge(string name, string help) => Register(new MetricFamily<Gauge>(name, help, "gauge", [], () => new Gauge())).Unlabelled;

    public MetricFamily<Gauge> Gauge(string name, string help, params string[] labelNames) =>
        Register(new MetricFamily<Gauge>(name, help, "gauge", labelNames, () => new Gauge()));

    /// <param name="buckets">Upper bounds, strictly increasing; +Inf is added.</param>
    public Histogram Histogram(string name, string help, double[] buckets) =>
        Register(new MetricFamily<Histogram>(name, help, "histogram", [], () => new Histogram(buckets))).Unlabelled;

    public MetricFamily<Histogram> Histogram(string name, string help, double[] buckets, params string[] labelNames) =>
        Register(new MetricFamily<Histogram>(name, help, "histogram", labelNames, () => new Histogram(buckets)));

    /// <summary>A gauge read from <paramref name="read"/> at each scrape (queue depths, ages): nothing to update.</summary>
    public void GaugeFunc(string name, string help, Func<double> read) =>
        Register(new MetricFamily<FuncSample>(name, help, "gauge", [], () => new FuncSample(read)));

    /// <summary>A counter kept elsewhere (a total some component already counts), read at each scrape; it must never go down.</summary>
    public void CounterFunc(string name, string help, Func<double> read) =>
        Register(new MetricFamily<FuncSample>(name, help, "counter", [], () => new FuncSample(read)));

    /// <summary>Every metric in the text format 0.0.4, in the order registered.</summary>
    public string Render()
    {
        MetricFamily[] families;
        lock (_lock) families = [.. _families];
        var text = new StringBuilder(256 * families.Length);
        foreach (var family in families) family.WriteTo(text);
        return text.ToString();
    }

    private T Register<T>(T family) where T : MetricFamily
    {
        lock (_lock)
        {
            if (_families.Exists(f => f.Name == family.Name))
                throw new ArgumentException($"a metric named {family.Name} is already registered", nameof(family));
            _families.Add(family);
        }
        return family;
    }
}
