using System.Text.Json.Serialization;

namespace AgentChat.Tasks;

/// <summary>POST /tasks: a new task.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TaskNewRequest
{
    public string? Text { get; init; }
    public string? Assignee { get; init; }
    public string? Due { get; init; }
    public string? TxnId { get; init; }
}

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

/// <summary>What sending a task message came to: an event in the room, or queued for later.</summary>
public sealed record TaskSent(string? EventId, string TxnId, bool Queued, IReadOnlyList<string>? Warnings);
