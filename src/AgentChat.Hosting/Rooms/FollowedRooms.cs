using System.Collections.Concurrent;
using AgentChat.Matrix;

namespace AgentChat.Hosting.Rooms;

/// <summary>The rooms this host reads: the shared room, extra rooms, and every room it has joined (DMs).</summary>
public sealed class FollowedRooms
{
    private readonly ConcurrentDictionary<RoomId, string?> _rooms = new();
    private readonly TaskCompletionSource<RoomId> _shared = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the shared room is joined.</summary>
    public Task<RoomId> SharedRoom => _shared.Task;

    public RoomId? SharedRoomOrNull => _shared.Task.IsCompletedSuccessfully ? _shared.Task.Result : null;

    public void SetShared(RoomId room, string alias)
    {
        _rooms[room] = alias;
        _shared.TrySetResult(room);
    }

    public void Follow(RoomId room, string? alias = null) =>
        _rooms.AddOrUpdate(room, alias, (_, existing) => alias ?? existing);

    public void Unfollow(RoomId room) => _rooms.TryRemove(room, out _);

    public bool IsFollowed(RoomId room) => _rooms.ContainsKey(room);

    public string? AliasOf(RoomId room) => _rooms.TryGetValue(room, out var alias) ? alias : null;

    public IReadOnlyList<RoomId> All => _rooms.Keys.ToList();

    /// <summary>For /status: the alias where there is one, else the id.</summary>
    public IReadOnlyList<string> Describe() => _rooms.Select(r => r.Value ?? r.Key.Value).Order(StringComparer.Ordinal).ToList();
}
