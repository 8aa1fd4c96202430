using System.Text.Json.Serialization;

namespace AgentChat.Tasks;

/// <summary>POST /tasks/{id}: move a task.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TaskMoveRequest
{
    public string? Action { get; init; }
    public string? Assignee { get; init; }
    public string? Note { get; init; }
    public IReadOnlyList<string>? On { get; init; }
    public string? Due { get; init; }
    public string? TxnId { get; init; }
}
