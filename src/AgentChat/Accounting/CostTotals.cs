namespace AgentChat.Accounting;

/// <summary>
/// What a set of bridge answers cost together (a task's thread): sums of the figures each answer gave, the
/// answers that failed, and how many answers gave no cost at all. Figures an answer left out count as nothing.
/// </summary>
public sealed record CostTotals
{
    public int Answers { get; init; }
    public int Failures { get; init; }
    public long InputTokens { get; init; }
    public long OutputTokens { get; init; }
    public long CacheReadTokens { get; init; }
    public long CacheCreationTokens { get; init; }
    public double CostUsd { get; init; }
    public long DurationMs { get; init; }
    /// <summary>Answers that carried no usable <c>cost_usd</c>: the cost is then a lower bound.</summary>
    public int WithoutCost { get; init; }

    public static CostTotals Sum(IEnumerable<AnswerCost> answers)
    {
        var total = new CostTotals();
        foreach (var a in answers) total = total.Add(a);
        return total;
    }

    public CostTotals Add(AnswerCost a) => this with
    {
        Answers = Answers + 1,
        Failures = Failures + (a.Failed ? 1 : 0),
        // each figure is at most MaxTokens, so a sum only overflows after ~9 million answers; saturate rather than wrap
        InputTokens = Saturating(InputTokens, a.InputTokens),
        OutputTokens = Saturating(OutputTokens, a.OutputTokens),
        CacheReadTokens = Saturating(CacheReadTokens, a.CacheReadTokens),
        CacheCreationTokens = Saturating(CacheCreationTokens, a.CacheCreationTokens),
        CostUsd = CostUsd + (a.CostUsd ?? 0),
        DurationMs = Saturating(DurationMs, a.DurationMs),
        WithoutCost = WithoutCost + (a.CostUsd is null ? 1 : 0),
    };

    private static long Saturating(long sum, long? add) => add is { } n ? (long.MaxValue - sum < n ? long.MaxValue : sum + n) : sum;
}
