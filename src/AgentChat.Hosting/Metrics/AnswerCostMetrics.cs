using AgentChat.Accounting;
using AgentChat.Metrics;

namespace AgentChat.Hosting.Metrics;

/// <summary>
/// What bridge answers cost, per agent, as Prometheus counters: answers, failures by error code, tokens by type,
/// dollars, and how long each answer took. The daemon counts under <c>agentchat_bridge_</c>, the archive under
/// <c>agentchat_archive_bridge_</c>. Labels stay bounded: <c>agent</c> is a registered instance name (never taken from
/// <c>meta</c>), <c>error</c> one of <see cref="AnswerErrors.Known"/> or <c>other</c>; threads and tasks are the archive's.
/// </summary>
public sealed class AnswerCostMetrics
{
    /// <summary>Seconds, from 1 s to an hour: a bridge answer runs Claude Code for seconds to minutes (the default limit is 600 s).</summary>
    public static readonly double[] DurationBuckets = [1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

    private readonly MetricFamily<Counter> _answers;
    private readonly MetricFamily<Counter> _failures;
    private readonly MetricFamily<Counter> _tokens;
    private readonly MetricFamily<FloatCounter> _cost;
    private readonly MetricFamily<Histogram> _duration;

    public AnswerCostMetrics(MetricRegistry registry, string prefix, string whose)
    {
        _answers = registry.Counter(prefix + "answers_total", $"Bridge answers {whose}, failed ones included, by agent.", "agent");
        _failures = registry.Counter(prefix + "failures_total", $"Bridge answers {whose} that reported a failure, by agent and error code.", "agent", "error");
        _tokens = registry.Counter(prefix + "tokens_total",
            $"Tokens the bridge answers {whose} reported, by agent and type (input, output, cache_read, cache_creation).", "agent", "type");
        _cost = registry.FloatCounter(prefix + "cost_usd_total", $"Claude Code's cost estimate, in US dollars, of the bridge answers {whose}, by agent.", "agent");
        _duration = registry.Histogram(prefix + "answer_duration_seconds", $"How long each bridge answer {whose} took to make, by agent.", DurationBuckets, "agent");
    }

    /// <summary>Makes <paramref name="agent"/>'s series at zero, so the first answer already shows as an increase.</summary>
    public void Start(string agent)
    {
        _answers.WithLabels(agent);
        foreach (var type in (ReadOnlySpan<string>)["input", "output", "cache_read", "cache_creation"]) _tokens.WithLabels(agent, type);
        _cost.WithLabels(agent);
        _duration.WithLabels(agent);
    }

    public void Count(string agent, AnswerCost answer)
    {
        _answers.WithLabels(agent).Inc();
        if (answer.ErrorLabel is { } error) _failures.WithLabels(agent, error).Inc();
        _tokens.WithLabels(agent, "input").Inc(answer.InputTokens ?? 0);
        _tokens.WithLabels(agent, "output").Inc(answer.OutputTokens ?? 0);
        _tokens.WithLabels(agent, "cache_read").Inc(answer.CacheReadTokens ?? 0);
        _tokens.WithLabels(agent, "cache_creation").Inc(answer.CacheCreationTokens ?? 0);
        _cost.WithLabels(agent).Inc(answer.CostUsd ?? 0);
        if (answer.DurationMs is { } ms) _duration.WithLabels(agent).Observe(ms / 1000.0);
    }
}
