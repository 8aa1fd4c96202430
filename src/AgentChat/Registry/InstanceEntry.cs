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

    /// <summary>The agent said it is busy (see docs/presence.md); only until <see cref="BusyUntil"/>, when set.</summary>
    public bool Busy { get; init; }
    /// <summary>What it is busy on: a short line, no more than <see cref="PresenceRules.MaxOnLength"/> characters.</summary>
    public string? BusyOn { get; init; }
    /// <summary>When the busy flag lapses by itself (ms), so an agent that dies busy does not stay busy.</summary>
    public long? BusyUntil { get; init; }
    /// <summary>How a new message reaches it now: <c>channel</c>, <c>hook</c> or <c>none</c>.</summary>
    public string Wakeable { get; init; } = PresenceRules.None;
    /// <summary>The event id of the last message it consumed (read, or acknowledged).</summary>
    public string? Cursor { get; init; }
    /// <summary>When it consumed <see cref="Cursor"/> (ms); absent when not known.</summary>
    public long? CursorAt { get; init; }
    /// <summary>
    /// The registry event that began this claim on the name (the first entry of the run); the homeserver's timestamp
    /// of that event, checked by readers, decides who keeps a name (docs/identity-and-hostile-input.md).
    /// </summary>
    public string? Claim { get; init; }

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

    /// <summary>This entry carrying <paramref name="presence"/>.</summary>
    public InstanceEntry With(SelfPresence presence) => this with
    {
        Busy = presence.Busy,
        BusyOn = presence.Busy ? presence.BusyOn : null,
        BusyUntil = presence.Busy ? presence.BusyUntil : null,
        Wakeable = presence.Wakeable,
        Cursor = presence.Cursor,
        CursorAt = presence.CursorAt,
    };

    public bool IsAlive(long nowMs) => IsAlive(Status, LastSeen, TtlMs, nowMs);

    /// <summary>The longest TTL a reader believes: an entry's author writes <c>ttl_ms</c>, so a larger one is read as this.</summary>
    public const long MaxTtlMs = 3_600_000;

    /// <summary>
    /// The one liveness rule: <c>online</c>, and seen within its own TTL (at most <see cref="MaxTtlMs"/>). A
    /// <c>last_seen</c> ahead of this clock counts for clock skew up to one TTL; further ahead it is a forgery that
    /// would hold a name forever, and is not alive.
    /// </summary>
    public static bool IsAlive(string status, long lastSeen, long ttlMs, long nowMs)
    {
        if (status != "online") return false;
        var ttl = Math.Clamp(ttlMs, 0, MaxTtlMs);
        return lastSeen >= nowMs - ttl && lastSeen <= nowMs + ttl;
    }
}
