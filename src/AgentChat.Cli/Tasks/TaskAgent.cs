using AgentChat.Cli.Agent;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Registry;
using AgentChat.Rooms;
using AgentChat.Tasks;
using AgentChat.Verbs;

namespace AgentChat.Cli.Tasks;

/// <summary>
/// The task and thread verbs for the CLI and MCP: reads through the daemon's gateway when one answers, else
/// the same core reader over direct REST; moves are checked by the core's rules and sent as ordinary messages.
/// </summary>
internal sealed class TaskAgent(AgentService agent, TimeProvider time)
{
    public Task<TaskListResponse> ListAsync(TaskQuery query, CancellationToken ct) =>
        ViaAsync(g => g.TasksAsync(query, ct), r => r.ListAsync(query, ct), ct);

    public Task<TaskResponse> ShowAsync(string id, CancellationToken ct) =>
        ViaAsync(g => g.TaskAsync(id, ct), r => r.ShowAsync(id, ct), ct);

    public Task<ThreadsResponse> ThreadsAsync(CancellationToken ct) =>
        ViaAsync(g => g.ThreadsAsync(ct), r => r.ThreadsAsync(ct), ct);

    public Task<ReadResponse> ThreadAsync(string id, string? since, int? limit, CancellationToken ct) =>
        ViaAsync(g => g.ThreadAsync(id, since, limit, ct), r => r.ThreadAsync(id, since, limit ?? ReadRules.MaxLimit, ct), ct);

    public async Task<TaskMoveResponse> NewAsync(string text, string? assignee, string? due, CancellationToken ct)
    {
        var who = assignee is null ? null : await ResolveAsync(assignee, ct);
        var sent = await agent.SendAsync(TaskMoves.New(text, who?.UserId.Value, due, null, null), ct);
        TaskView? task = sent.EventId is { } id ? (await ShowAsync(id, ct)).Task : null;
        return new TaskMoveResponse(task, sent.EventId, sent.TxnId, sent.Queued, sent.Warnings);
    }

    public async Task<TaskMoveResponse> MoveAsync(string id, string action, string? assignee, string? note, IReadOnlyList<string> on, string? due, CancellationToken ct)
    {
        var current = await ShowAsync(id, ct);
        var who = assignee is null ? null : await ResolveAsync(assignee, ct);
        var waiting = new List<string>();
        foreach (var name in on) waiting.Add((await ResolveAsync(name, ct)).UserId.Value);
        var request = TaskMoves.Move(current.Task, action, current.You.UserId, agent.Settings.InstanceName, current.You.Human,
            who?.UserId.Value, who?.Label, note, waiting, due, null, null);
        var sent = await agent.SendAsync(request, ct);
        if (sent.EventId is not { } eventId) return new TaskMoveResponse(current.Task, null, sent.TxnId, true, sent.Warnings);

        // Another move may have landed first: the thread decides, in room order, and says whether this one counted.
        var after = (await ShowAsync(id, ct)).Task;
        if (after.History?.FirstOrDefault(h => h.EventId == eventId) is { Applied: false, Reason: var reason })
            throw new VerbException(409, "invalid_transition", $"another move came first and this one does not count ({reason}); the task is {after.State} now");
        return new TaskMoveResponse(after, eventId, sent.TxnId, false, sent.Warnings);
    }

    /// <summary>A name as the send will resolve it: a Matrix id, a registered instance, else a localpart on our server.</summary>
    private async Task<Recipient> ResolveAsync(string name, CancellationToken ct)
    {
        var trimmed = name.Trim();
        var registry = (await agent.WhoAsync(ct)).Instances;
        if (RecipientResolver.Find(trimmed, registry) is { } found && UserId.TryParse(found.UserId, out var agentId))
            return new Recipient(agentId, found.Instance, found);
        if (UserId.TryParse(trimmed, out var id)) return new Recipient(id, id.Localpart, null);
        var user = new UserId($"@{trimmed.TrimStart('@')}:{agent.Settings.UserIdValue.ServerName}");
        return new Recipient(user, user.Localpart, null);
    }

    private async Task<T> ViaAsync<T>(Func<GatewayClient, Task<T>> viaGateway, Func<TaskReader, Task<T>> direct, CancellationToken ct)
    {
        if (agent.Gateway is { } gateway)
        {
            try
            {
                return await viaGateway(gateway);
            }
            catch (GatewayUnavailableException)
            {
            }
        }
        return await direct(await DirectReaderAsync(ct));
    }

    /// <summary>The core reader over the shared room with this account's own token, who is who read from the room's state once.</summary>
    private async Task<TaskReader> DirectReaderAsync(CancellationToken ct)
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
        return new TaskReader(client, self, room, name.StartsWith('#') ? name : null, senders, registry);
    }
}
