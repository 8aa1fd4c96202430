using System.Text.Json.Serialization;

namespace AgentChat.Tasks;

/// <summary>POST /tasks: a new task; <c>to</c> (the word <c>/send</c> uses) or <c>assignee</c> names whom it is for.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TaskNewRequest
{
    public string? Text { get; init; }
    public string? To { get; init; }
    public string? Assignee { get; init; }
    public string? Due { get; init; }
    public string? TxnId { get; init; }
}
