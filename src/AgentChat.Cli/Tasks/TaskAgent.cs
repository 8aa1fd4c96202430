using AgentChat.Cli.Agent;
using AgentChat.Cli.Gateway;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Registry;
using AgentChat.Rooms;
using AgentChat.Tasks;
using AgentChat.Verbs;

namespace AgentChat.Cli.Tasks;

/// <summary>
/// The task and thread verbs for the CLI and MCP: through the daemon's gateway when one answers, else the same
/// core (<see cref="TaskRoomReader"/>, <see cref="TaskMoveSender"/>) over direct REST with this account's own token.
/// </summary>
internal sealed class TaskAgent(AgentService agent, TimeProvider time)
{
    private TaskRoomReader? _direct;

    public Task<TaskListResponse> ListAsync(TaskQuery query, CancellationToken ct) =>
        ViaAsync(g => g.TasksAsync(query, ct), r => r.ListAsync(query, ct), ct);

    public Task<TaskResponse> ShowAsync(string id, CancellationToken ct) =>
        ViaAsync(g => g.TaskAsync(id, ct), r => r.ShowAsync(id, ct), ct);

    public Task<ThreadsResponse> ThreadsAsync(CancellationToken ct) =>
        ViaAsync(g => g.ThreadsAsync(ct), r => r.ThreadsAsync(ct), ct);

    public Task<ReadResponse> ThreadAsync(string id, string? since, int? limit, CancellationToken ct) =>
        ViaAsync(g => g.ThreadAsync(id, since, limit, ct), r => r.ThreadAsync(id, since, limit ?? ReadRules.MaxLimit, ct), ct);

    public Task<TaskMoveResponse> NewAsync(string text, string? assignee, string? due, CancellationToken ct)
    {
        // One key per task message, made before the first attempt, so a fallback after a gateway that died never sends twice.
        var request = new TaskNewRequest { Text = text, To = assignee, Due = due, TxnId = TxnId.New() };
        return ViaAsync(g => g.NewTaskAsync(request, ct), r => Mover(r).NewAsync(request, ct), ct);
    }

    public Task<TaskMoveResponse> MoveAsync(string id, string action, string? assignee, string? note, IReadOnlyList<string> on, string? due, CancellationToken ct)
    {
        var request = new TaskMoveRequest { Action = action, Assignee = assignee, Note = note, On = on.Count > 0 ? on : null, Due = due, TxnId = TxnId.New() };
        return ViaAsync(g => g.MoveTaskAsync(id, request, ct), r => Mover(r).MoveAsync(id, request, ct), ct);
    }

    private TaskMoveSender Mover(TaskRoomReader reader) => new(
        agent.Direct.Self, agent.Settings.InstanceName, reader.ShowAsync,
        async (request, c) =>
        {
            var sent = await agent.Direct.SendAsync(request, c);
            return new TaskSent(sent.EventId, sent.TxnId, sent.Queued, sent.Warnings);
        },
        _ => Task.FromResult(reader.Registry));

    private Task<T> ViaAsync<T>(Func<GatewayClient, Task<T>> viaGateway, Func<TaskRoomReader, Task<T>> direct, CancellationToken ct) =>
        agent.ViaAsync(viaGateway, async () => await direct(_direct ??= await DirectReaderAsync(ct)));

    /// <summary>The core reader over the shared room, who is who read from the room's state once.</summary>
    private async Task<TaskRoomReader> DirectReaderAsync(CancellationToken ct)
    {
        var client = agent.Direct.Client;
        var self = agent.Direct.Self;
        var name = agent.Settings.RoomValue;
        RoomId room;
        try
        {
            room = await new RoomResolver(client, self).ResolveRoomAsync(name, ct);
        }
        catch (MatrixException e) when (e.ErrCode == MatrixErrorCodes.NotFound)
        {
            throw new VerbException(404, "unknown_room", $"room {name} does not exist on the homeserver: an operator creates it with `cchat setup`");
        }
        var state = await client.GetRoomStateAsync(room, ct);
        var senders = SenderDirectory.FromState(state);
        var registry = InstanceRegistry.List(state, time.GetUtcNow().ToUnixTimeMilliseconds());
        return new TaskRoomReader(client, self, room, name.StartsWith('#') ? name : null, senders, registry);
    }
}
