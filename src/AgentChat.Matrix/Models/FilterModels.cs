namespace AgentChat.Matrix;

/// <summary>A /sync filter: keeps the payload to what the caller needs.</summary>
public sealed record SyncFilter
{
    public RoomFilter? Room { get; init; }
    public EventFilter? Presence { get; init; }
    public EventFilter? AccountData { get; init; }

    /// <summary>Only the timeline and state named, in <paramref name="rooms"/> or all: no presence, receipts, typing or account data.</summary>
    public static SyncFilter Only(RoomEventFilter timeline, RoomEventFilter? state = null, IReadOnlyList<string>? rooms = null) => new()
    {
        Room = new RoomFilter
        {
            Rooms = rooms,
            Timeline = timeline,
            State = state ?? new RoomEventFilter { Types = [] },
            Ephemeral = new RoomEventFilter { Types = [] },
            AccountData = new RoomEventFilter { Types = [] },
        },
        Presence = new EventFilter { Types = [] },
        AccountData = new EventFilter { Types = [] },
    };
}

public sealed record RoomFilter
{
    public IReadOnlyList<string>? Rooms { get; init; }
    public RoomEventFilter? Timeline { get; init; }
    public RoomEventFilter? State { get; init; }
    public RoomEventFilter? Ephemeral { get; init; }
    public RoomEventFilter? AccountData { get; init; }
    public bool? IncludeLeave { get; init; }
}

public sealed record RoomEventFilter
{
    public int? Limit { get; init; }
    public IReadOnlyList<string>? Types { get; init; }
    public IReadOnlyList<string>? NotTypes { get; init; }
    public bool? LazyLoadMembers { get; init; }
}

public sealed record EventFilter
{
    public int? Limit { get; init; }
    public IReadOnlyList<string>? Types { get; init; }
}
