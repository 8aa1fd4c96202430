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

    /// <summary>An entry this host writes for itself: its name, kind and description, stamped now with this version.</summary>
    public static InstanceEntry ForThisHost(string instance, string kind, string? description, IReadOnlyList<string> capabilities,
        long startedAt, long nowMs, string status) => new()
    {
        Instance = instance,
        Kind = kind,
        Host = Environment.MachineName,
        Version = AgentChatVersion.Value,
        Description = description,
        Capabilities = capabilities,
        StartedAt = startedAt,
        LastSeen = nowMs,
        Status = status,
    };

    public bool IsAlive(long nowMs) => IsAlive(Status, LastSeen, TtlMs, nowMs);

    /// <summary>The one liveness rule: <c>online</c>, and seen within its own TTL.</summary>
    public static bool IsAlive(string status, long lastSeen, long ttlMs, long nowMs) => status == "online" && nowMs - lastSeen <= ttlMs;
}
