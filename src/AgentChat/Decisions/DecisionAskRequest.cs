using System.Text.Json.Serialization;

namespace AgentChat.Decisions;

/// <summary>POST /decisions: ask a decision. <c>timeout</c> is a duration (90s, 30m, 2h); <c>task</c> blocks that task on it.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DecisionAskRequest
{
    public string? Question { get; init; }
    public IReadOnlyList<string>? Choices { get; init; }
    public IReadOnlyList<string>? To { get; init; }
    public IReadOnlyList<string>? From { get; init; }
    public string? Timeout { get; init; }
    public string? Room { get; init; }
    public string? Task { get; init; }
    public string? TxnId { get; init; }
}
