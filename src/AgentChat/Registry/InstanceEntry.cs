namespace AgentChat.Registry;

/// <summary>
/// Content of the <c>com.aiagentchat.instance</c> state event; its state key is the instance's user id, so
/// the room's authorization rules keep one account from overwriting another's entry.
/// </summary>
public sealed record InstanceEntry
{
    public const string EventType = "com.aiagentchat.instance";
    public const long DefaultTtlMs = 120_000;

    public required string Instance { get; init; }
    /// <summary>
    /// The account the entry is for, written beside the state key so a reader can check the two agree. Entries
    /// from versions before this field have none; the homeserver already binds the state key to the sender.
    /// </summary>
    public string? UserId { get; init; }
    /// <summary><c>persistent</c> (a daemon) or <c>ephemeral</c> (a CLI session).</summary>
    public required string Kind { get; init; }
    public string? Host { get; init; }
    public string? Version { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string> Capabilities { get; init; } = [];
    public long StartedAt { get; init; }
    public long LastSeen { get; init; }
    public long TtlMs { get; init; } = DefaultTtlMs;
    /// <summary><c>online</c> or <c>offline</c>.</summary>
    public required string Status { get; init; }

    public bool IsAlive(long nowMs) => Status == "online" && nowMs - LastSeen <= TtlMs;
}
