namespace AgentChat.Accounting;

/// <summary>
/// What one bridge answer says it cost, read from its <c>meta.bridge</c> (docs/bridge.md, "Cost"). Every figure is
/// null when the answer did not carry it or carried something that is not a plausible value (negative, fractional
/// tokens, NaN, beyond the bounds in <see cref="AnswerCostReader"/>, a string): such a figure counts as nothing.
/// </summary>
public sealed record AnswerCost
{
    /// <summary>The registry capability a bridge's daemon carries: its own answers are counted on its /metrics.</summary>
    public const string BridgeCapability = "claude-code-bridge";

    /// <summary>The event id this message answers (<c>meta.bridge.answers</c>): what makes it an answer.</summary>
    public required string Answers { get; init; }
    public string? Model { get; init; }
    public long? InputTokens { get; init; }
    public long? OutputTokens { get; init; }
    public long? CacheReadTokens { get; init; }
    public long? CacheCreationTokens { get; init; }
    public double? CostUsd { get; init; }
    public long? DurationMs { get; init; }
    public int? Turns { get; init; }
    /// <summary>The task the answer was for (<c>meta.bridge.task</c>), when it names one that looks like an event id.</summary>
    public string? Task { get; init; }
    /// <summary>The failure's code as the answer gave it (bounded in length); null for an answer that succeeded.</summary>
    public string? Error { get; init; }

    public bool Failed => Error is not null;

    /// <summary>The failure code as a metric label may hold it: one of <see cref="AnswerErrors.Known"/>, else <c>other</c>.</summary>
    public string? ErrorLabel => Error is null ? null : AnswerErrors.Label(Error);
}
