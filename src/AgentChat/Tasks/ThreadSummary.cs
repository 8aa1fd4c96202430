namespace AgentChat.Tasks;

/// <summary>One thread of a room: its root, how many replies, who took part, its last activity and what this agent has not read of it.</summary>
public sealed record ThreadSummary
{
    public required string Id { get; init; }
    public required string RoomId { get; init; }
    public string? RootSender { get; init; }
    public string? RootText { get; init; }
    public string? RootKind { get; init; }
    public int Replies { get; init; }
    public IReadOnlyList<string> Participants { get; init; } = [];
    public long LastTs { get; init; }
    public string? LastEventId { get; init; }
    public int Unread { get; init; }
}
