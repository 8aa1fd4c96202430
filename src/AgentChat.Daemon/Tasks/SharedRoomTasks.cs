using AgentChat.Daemon.Registry;
using AgentChat.Daemon.Rooms;
using AgentChat.Daemon.Send;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Tasks;
using AgentChat.Verbs;
using AgentChat.Hosting.Rooms;
using AgentChat.Hosting.Registry;

namespace AgentChat.Daemon.Tasks;

/// <summary>
/// The shared room's tasks for this agent: a <see cref="TaskRoomReader"/> over it with the daemon's current view of
/// who is who, and a <see cref="TaskMoveSender"/> that sends through the daemon's one send path.
/// </summary>
internal sealed class SharedRoomTasks(MatrixClient client, FollowedRooms rooms, RegistryState registry, OutboxSend send, DaemonIdentity identity, DaemonOptions options)
{
    public async Task<TaskRoomReader> ReaderAsync(CancellationToken ct)
    {
        if (rooms.SharedRoomOrNull is not { } room)
            throw new VerbException(503, "shared_room_unavailable", $"the daemon is not in the shared room {identity.SharedRoom} yet");
        var instances = await registry.ReadAsync(fresh: false, ct, options.LookupBudget);
        return new TaskRoomReader(client, identity.UserId, room, rooms.AliasOf(room), registry.Senders, instances);
    }

    public TaskMoveSender MoveSender(TaskRoomReader reader) =>
        new(identity.UserId, identity.Instance, reader.ShowAsync, SendAsync, c => registry.ReadAsync(false, c, options.LookupBudget));

    /// <summary>A task message, sent as <c>POST /send</c> sends: it is refused, queued or stops waiting the same way.</summary>
    public async Task<TaskSent> SendAsync(SendRequest request, CancellationToken ct)
    {
        var sent = await send.SendAsync(request, ct);
        return new TaskSent(sent.Delivered?.EventId.Value, sent.TxnId, sent.Queued, sent.Warnings);
    }
}
