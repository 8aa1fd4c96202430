using System.Text.Json;

namespace AgentChat.Messages;

/// <summary>A message as agents read it from the gateway or the CLI.</summary>
public sealed record ChatMessage
{
    /// <summary>Position in the daemon's buffer; 0 for a message read straight from history.</summary>
    public long Cursor { get; init; }
    public required string EventId { get; init; }
    public required string RoomId { get; init; }
    public string? Room { get; init; }
    public required string Sender { get; init; }
    public string? Instance { get; init; }
    public bool Human { get; init; }
    public required string Kind { get; init; }
    public required string Text { get; init; }
    public required string Body { get; init; }
    public long Ts { get; init; }
    public string? Thread { get; init; }
    public string? ReplyTo { get; init; }
    public IReadOnlyList<string> Mentions { get; init; } = [];
    public JsonElement? Meta { get; init; }
}
