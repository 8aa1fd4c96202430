namespace AgentChat.Matrix;

public sealed record SyncResponse
{
    public required string NextBatch { get; init; }
    public SyncRooms? Rooms { get; init; }
    public EventList? AccountData { get; init; }
}

public sealed record SyncRooms
{
    public IReadOnlyDictionary<RoomId, JoinedRoom>? Join { get; init; }
    public IReadOnlyDictionary<RoomId, InvitedRoom>? Invite { get; init; }
    public IReadOnlyDictionary<RoomId, LeftRoom>? Leave { get; init; }
}

public sealed record JoinedRoom
{
    public Timeline? Timeline { get; init; }
    public EventList? State { get; init; }
    public EventList? AccountData { get; init; }
    public EventList? Ephemeral { get; init; }
}

public sealed record LeftRoom
{
    public Timeline? Timeline { get; init; }
}

public sealed record InvitedRoom
{
    public EventList? InviteState { get; init; }
}

public sealed record Timeline
{
    public IReadOnlyList<MatrixEvent> Events { get; init; } = [];
    public bool Limited { get; init; }
    public string? PrevBatch { get; init; }
}

public sealed record EventList
{
    public IReadOnlyList<MatrixEvent> Events { get; init; } = [];
}

public sealed record MessagesResponse
{
    public string? Start { get; init; }
    public string? End { get; init; }
    public IReadOnlyList<MatrixEvent> Chunk { get; init; } = [];
}

public sealed record FilterResponse(string FilterId);

/// <summary>Direction of /messages pagination.</summary>
public enum Direction
{
    /// <summary>Towards older events.</summary>
    Backward,

    /// <summary>Towards newer events.</summary>
    Forward,
}

public sealed record ContextResponse
{
    public string? Start { get; init; }
    public string? End { get; init; }
    public MatrixEvent? Event { get; init; }
    public IReadOnlyList<MatrixEvent> EventsBefore { get; init; } = [];
    public IReadOnlyList<MatrixEvent> EventsAfter { get; init; } = [];

    /// <summary>The room's state at the last event returned (with a limit of 0, at the event itself).</summary>
    public IReadOnlyList<MatrixEvent> State { get; init; } = [];
}
