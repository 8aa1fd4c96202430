using System.Text.Json.Serialization;

namespace AgentChat.Decisions;

/// <summary>POST /decisions/{id}/block: block a task on the decision until it is answered.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DecisionBlockRequest
{
    public string? Task { get; init; }
    public string? Note { get; init; }
    public string? TxnId { get; init; }
}
