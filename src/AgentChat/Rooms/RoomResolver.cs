using System.Collections.Concurrent;
using AgentChat.Matrix;

namespace AgentChat.Rooms;

/// <summary>
/// Turns what agents type (a room alias or id, an instance name, a user id) into Matrix ids, and finds or
/// creates the 1:1 room with another account. Resolved aliases are cached for the life of the process.
/// </summary>
public sealed class RoomResolver(MatrixClient client, UserId self)
{
    private readonly ConcurrentDictionary<string, RoomId> _aliases = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _directLock = new(1, 1);

    public UserId Self => self;

    /// <summary>The room an alias (or bare name) was last resolved to by this resolver, without asking the homeserver.</summary>
    public RoomId? Cached(string room) =>
        room.StartsWith('!') ? new RoomId(room) : _aliases.TryGetValue(AliasOf(room), out var id) ? id : null;

    private string AliasOf(string room) => room.StartsWith('#') ? room : $"#{room}:{self.ServerName}";

    /// <summary>A room id as is; an alias resolved; a bare name read as <c>#name:&lt;own server&gt;</c>.</summary>
    public async Task<RoomId> ResolveRoomAsync(string room, CancellationToken ct)
    {
        if (room.StartsWith('!')) return new RoomId(room);
        var alias = AliasOf(room);
        if (_aliases.TryGetValue(alias, out var cached)) return cached;
        var id = await client.ResolveAliasAsync(new RoomAlias(alias), ct);
        _aliases[alias] = id;
        return id;
    }

    /// <summary>A full user id as is; otherwise an instance name from the registry, else a localpart on our server.</summary>
    public static UserId ResolveUser(string name, UserId self, IEnumerable<Registry.InstanceInfo>? registry = null)
    {
        if (UserId.TryParse(name, out var id)) return id;
        var bare = name.TrimStart('@');
        var known = registry?.FirstOrDefault(r => string.Equals(r.Instance, bare, StringComparison.OrdinalIgnoreCase));
        return known is not null && UserId.TryParse(known.UserId, out var fromRegistry) ? fromRegistry : new UserId($"@{bare}:{self.ServerName}");
    }

    /// <summary>Lists <paramref name="room"/> in <c>m.direct</c> as the direct room with <paramref name="other"/> (an invite we joined).</summary>
    public async Task RememberDirectAsync(UserId other, RoomId room, CancellationToken ct)
    {
        await _directLock.WaitAsync(ct);
        try
        {
            var direct = await client.GetDirectRoomsAsync(self, ct);
            if (!direct.TryGetValue(other.Value, out var list)) direct[other.Value] = list = [];
            if (list.Contains(room.Value)) return;
            list.Add(room.Value);
            await client.SetDirectRoomsAsync(self, direct, ct);
        }
        finally
        {
            _directLock.Release();
        }
    }

    /// <summary>The direct room with <paramref name="other"/>: one listed in <c>m.direct</c> that we are still in, or a new one.</summary>
    public async Task<RoomId> FindOrCreateDirectRoomAsync(UserId other, CancellationToken ct)
    {
        await _directLock.WaitAsync(ct);
        try
        {
            var direct = await client.GetDirectRoomsAsync(self, ct);
            if (direct.TryGetValue(other.Value, out var rooms) && rooms.Count > 0)
            {
                var joined = await client.GetJoinedRoomsAsync(ct);
                foreach (var candidate in rooms.AsEnumerable().Reverse())
                {
                    if (joined.Contains(new RoomId(candidate))) return new RoomId(candidate);
                }
            }

            var room = await client.CreateRoomAsync(new CreateRoomRequest
            {
                IsDirect = true,
                Preset = "trusted_private_chat",
                Invite = [other],
            }, ct);
            if (!direct.TryGetValue(other.Value, out var list)) direct[other.Value] = list = [];
            list.Add(room.Value);
            await client.SetDirectRoomsAsync(self, direct, ct);
            return room;
        }
        finally
        {
            _directLock.Release();
        }
    }
}
