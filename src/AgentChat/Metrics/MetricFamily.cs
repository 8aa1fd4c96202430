using System.Collections.Concurrent;
using System.Text;

namespace AgentChat.Metrics;

/// <summary>One metric name with its HELP and TYPE, and its samples.</summary>
public abstract class MetricFamily
{
    private protected MetricFamily(string name, string help, string type, string[] labelNames)
    {
        MetricText.ValidateName(name);
        foreach (var label in labelNames) MetricText.ValidateLabelName(label);
        if (type == "histogram" && labelNames.Contains("le")) throw new ArgumentException("a histogram cannot have a label named le", nameof(labelNames));
        Name = name;
        Help = help;
        Type = type;
        LabelNames = labelNames;
    }

    public string Name { get; }
    public string Help { get; }
    public string Type { get; }
    public IReadOnlyList<string> LabelNames { get; }

    internal void WriteTo(StringBuilder text)
    {
        text.Append("# HELP ").Append(Name).Append(' ').Append(MetricText.EscapeHelp(Help)).Append('\n');
        text.Append("# TYPE ").Append(Name).Append(' ').Append(Type).Append('\n');
        WriteSamples(text);
    }

    private protected abstract void WriteSamples(StringBuilder text);
}

/// <summary>A metric family whose children are <typeparamref name="T"/>, one per set of label values.</summary>
public sealed class MetricFamily<T> : MetricFamily where T : class, IMetricSamples
{
    private readonly Func<T> _create;
    private readonly ConcurrentDictionary<string, (string Labels, T Child)> _children = new(StringComparer.Ordinal);
    private readonly T? _unlabelled;

    internal MetricFamily(string name, string help, string type, string[] labelNames, Func<T> create) : base(name, help, type, labelNames)
    {
        _create = create;
        if (labelNames.Length == 0) _unlabelled = create();
    }

    internal T Unlabelled => _unlabelled ?? throw new InvalidOperationException($"{Name} has labels: use WithLabels");

    /// <summary>
    /// The child for these label values, made on first use. It costs a lookup: on a hot path, keep the child.
    /// Values come in the order of the label names; keep their number bounded (a label per room id or event id is not).
    /// </summary>
    public T WithLabels(params string[] values)
    {
        if (values.Length != LabelNames.Count)
            throw new ArgumentException($"{Name} has {LabelNames.Count} labels ({string.Join(", ", LabelNames)}), not {values.Length} values", nameof(values));
        var key = string.Join('\u0000', values);
        if (_children.TryGetValue(key, out var found)) return found.Child;
        return _children.GetOrAdd(key, _ => (MetricText.Labels(LabelNames, values), _create())).Child;
    }

    private protected override void WriteSamples(StringBuilder text)
    {
        if (_unlabelled is not null)
        {
            _unlabelled.WriteSamples(text, Name, "");
            return;
        }
        foreach (var (_, (labels, child)) in _children.OrderBy(c => c.Key, StringComparer.Ordinal))
            child.WriteSamples(text, Name, labels);
    }
}
