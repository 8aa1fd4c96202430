using AgentChat.Daemon.Rooms;
using AgentChat.Matrix;
using AgentChat.Registry;

namespace AgentChat.Daemon.Registry;

/// <summary>
/// The registry as last read, and any problem writing our own entry. Read on demand (/who, a send to a named
/// agent), never per heartbeat: the whole room state grows with the fleet.
/// </summary>
internal sealed class RegistryState(MatrixClient client, FollowedRooms rooms, TimeProvider time)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);

    private volatile Snapshot _last = new([], DateTimeOffset.MinValue);
    private volatile string? _problem;

    private sealed record Snapshot(IReadOnlyList<InstanceInfo> Instances, DateTimeOffset ReadAt);

    public string? Problem { get => _problem; set => _problem = value; }

    /// <summary>The instances, read again when <paramref name="fresh"/> or older than a minute; the last read when the homeserver is away.</summary>
    public async Task<IReadOnlyList<InstanceInfo>> ReadAsync(bool fresh, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var last = _last;
        if ((fresh || now - last.ReadAt > MaxAge) && rooms.SharedRoomOrNull is { } room)
        {
            try
            {
                _last = last = new Snapshot(await InstanceRegistry.ReadAsync(client, room, now.ToUnixTimeMilliseconds(), ct), now);
            }
            catch (MatrixException)
            {
                // answer from the last read; liveness is recomputed by the caller
            }
        }
        return last.Instances;
    }
}
