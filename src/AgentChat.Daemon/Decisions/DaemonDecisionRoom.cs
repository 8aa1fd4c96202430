using AgentChat.Daemon.Tasks;
using AgentChat.Decisions;
using AgentChat.Gateway;
using AgentChat.Hosting.Registry;
using AgentChat.Hosting.Rooms;
using AgentChat.Matrix;
using AgentChat.Registry;
using AgentChat.Rooms;
using AgentChat.Tasks;
using AgentChat.Verbs;

namespace AgentChat.Daemon.Decisions;

/// <summary>The decision rules' view of the daemon: its registry cache, followed rooms, recipient rules and the one send path for task moves.</summary>
internal sealed class DaemonDecisionRoom(
    MatrixClient client, RoomResolver resolver, FollowedRooms rooms, RegistryState registry, RecipientResolver recipients,
    RoomTasks tasks, DecisionSignals signals, DaemonIdentity identity, DaemonOptions options) : IDecisionRoom
{
    public UserId Self => identity.UserId;

    public string Instance => identity.Instance;

    public MatrixClient Client => client;

    public Task<IReadOnlyList<InstanceInfo>> RegistryAsync(CancellationToken ct) => registry.ReadAsync(fresh: false, ct, options.LookupBudget);

    public Task<SenderDirectory> SendersAsync(CancellationToken ct) => Task.FromResult(registry.Senders);

    public Task<Recipient> ResolveAsync(string name, IReadOnlyList<InstanceInfo> instances, List<string> warnings, CancellationToken ct) =>
        recipients.ResolveAsync(name, instances, warnings, ct);

    public async Task<RoomId> RoomAsync(string? name, CancellationToken ct) => name is null
        ? rooms.SharedRoomOrNull ?? throw new VerbException(503, "shared_room_unavailable", $"the daemon is not in the shared room {identity.SharedRoom} yet")
        : await resolver.ResolveRoomAsync(name, ct);

    public async Task<RoomId> RoomOfAsync(string id, string? hint, CancellationToken ct)
    {
        if (hint is not null) return await RoomAsync(hint, ct);
        if (signals.RoomOf(id) is { } known) return known;
        var shared = rooms.SharedRoomOrNull;
        foreach (var room in rooms.All.OrderBy(r => r == shared ? 0 : 1))
        {
            try
            {
                await client.GetEventAsync(room, new EventId(id), ct);
                return room;
            }
            catch (MatrixException e) when (e.ErrCode is MatrixErrorCodes.NotFound or MatrixErrorCodes.Forbidden || e.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
            }
        }
        throw new VerbException(404, "unknown_event", $"no event {id} in the rooms this agent follows: give the id `cchat ask` (or `cchat task list`) printed");
    }

    public Task<EventId> SendEventAsync(RoomId room, string type, byte[] content, string txnId, CancellationToken ct) =>
        client.SendEventAsync(room, type, content, txnId, ct);

    public Task<TaskRoomReader> TaskReaderAsync(RoomId room, CancellationToken ct) => tasks.ReaderAsync(room, ct);

    public Task<TaskSent> SendTaskAsync(SendRequest request, CancellationToken ct) => tasks.SendAsync(request, ct);
}
