using AgentChat.Daemon.Hosting;
using AgentChat.Hosting.Registry;
using AgentChat.Hosting.Rooms;
using AgentChat.Matrix;
using AgentChat.Tasks;
using AgentChat.Verbs;

namespace AgentChat.Daemon.Tasks;

/// <summary>A <see cref="TaskReader"/> over the shared room with the daemon's current view of who is who.</summary>
internal sealed class TaskReaders(MatrixClient client, FollowedRooms rooms, RegistryState registry, DaemonIdentity identity, DaemonOptions options)
{
    public async Task<TaskReader> ForSharedRoomAsync(CancellationToken ct)
    {
        if (rooms.SharedRoomOrNull is not { } room)
            throw new VerbException(503, "shared_room_unavailable", $"the daemon is not in the shared room {identity.SharedRoom} yet");
        var instances = await registry.ReadAsync(fresh: false, ct, options.LookupBudget);
        return new TaskReader(client, identity.UserId, room, rooms.AliasOf(room), registry.Senders, instances);
    }
}
