namespace AgentChat.Leases;

/// <summary>
/// The content of <c>com.aiagentchat.lease</c>, state key = the holder's user id (so the room's authorization rules
/// let only the holder write it): every lease the holder has, in one event.
/// </summary>
public sealed record LeaseStateContent
{
    public const string EventType = "com.aiagentchat.lease";

    public int V { get; init; } = 1;
    public required string UserId { get; init; }
    public string? Instance { get; init; }
    public IReadOnlyList<Lease> Leases { get; init; } = [];
}
