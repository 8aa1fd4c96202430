using AgentChat.Hosting.Rooms;
using AgentChat.Leases;
using AgentChat.Matrix;
using AgentChat.Verbs;

namespace AgentChat.Daemon.Leases;

/// <summary>This agent's <see cref="LeaseDesk"/> in the shared room, made once the room is known; its changes go to the room as notices.</summary>
internal sealed class DaemonLeases(MatrixClient client, FollowedRooms rooms, DaemonIdentity identity, LeaseNotifier notifier, TimeProvider time)
{
    private static readonly TimeSpan RoomWait = TimeSpan.FromSeconds(10);
    private readonly Lock _lock = new();
    private LeaseDesk? _desk;

    public async Task<LeaseDesk> DeskAsync(CancellationToken ct)
    {
        RoomId room;
        try
        {
            room = await rooms.SharedRoom.WaitAsync(RoomWait, time, ct);
        }
        catch (TimeoutException)
        {
            throw new VerbException(503, "not_ready", $"the daemon has not joined the shared room {identity.SharedRoom} yet; try again shortly");
        }
        lock (_lock)
        {
            return _desk ??= new LeaseDesk(client, room, identity.UserId, identity.Instance, time, notifier.EnqueueAsync);
        }
    }
}
