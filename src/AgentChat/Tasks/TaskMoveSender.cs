using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Registry;
using AgentChat.Verbs;

namespace AgentChat.Tasks;

/// <summary>
/// Sends a new task or a task's move, the same for the gateway (POST /tasks) and the CLI's direct mode: read the
/// thread, build the checked message by <see cref="TaskMessages"/>, send it as an ordinary message, read the thread again.
/// A move that lost a race to another is reported as 409 <c>invalid_transition</c>: the thread decides.
/// </summary>
public sealed class TaskMoveSender(
    UserId self, string instance,
    Func<string, CancellationToken, Task<TaskResponse>> show,
    Func<SendRequest, CancellationToken, Task<TaskSent>> send,
    Func<CancellationToken, Task<IReadOnlyList<InstanceInfo>>> registry)
{
    public async Task<TaskMoveResponse> NewAsync(TaskNewRequest request, CancellationToken ct)
    {
        if (request.To is not null && request.Assignee is not null && request.To != request.Assignee)
            throw VerbException.BadRequest("bad_to", "\"to\" and \"assignee\" name the same thing: give one");
        var who = (request.To ?? request.Assignee) is { } name ? await ResolveAsync(name, ct) : null;
        var sent = await send(TaskMessages.New(request.Text ?? "", who?.UserId.Value, request.Due, null, request.TxnId), ct);
        var task = sent.EventId is { } id ? (await show(id, ct)).Task : null;
        return new TaskMoveResponse(task, sent.EventId, sent.TxnId, sent.Queued, sent.Warnings);
    }

    public async Task<TaskMoveResponse> MoveAsync(string id, TaskMoveRequest request, CancellationToken ct)
    {
        var action = request.Action ?? throw VerbException.BadRequest("bad_action", $"\"action\" is required: one of {string.Join(", ", TaskActions.All)}");
        if (TaskActions.StateOf(action) is null) throw VerbException.BadRequest("bad_action", $"\"action\" must be one of {string.Join(", ", TaskActions.All)}");
        if (request.TxnId is { } txn && !TxnId.IsValid(txn)) throw VerbException.BadRequest("bad_txn_id", $"\"txn_id\" must be {TxnId.Rule}");
        var current = await show(id, ct);
        var who = request.Assignee is { } name ? await ResolveAsync(name, ct) : null;
        var waiting = new List<string>();
        foreach (var on in request.On ?? []) waiting.Add((await ResolveAsync(on, ct)).UserId.Value);
        var message = TaskMessages.Move(current.Task, action, self.Value, instance, current.You.Human,
            who?.UserId.Value, who?.Label, request.Note, waiting, request.Due, current.Task.RoomId, request.TxnId);
        var sent = await send(message, ct);
        if (sent.EventId is not { } eventId) return new TaskMoveResponse(current.Task, null, sent.TxnId, true, sent.Warnings);

        var after = (await show(id, ct)).Task;
        if (after.History?.FirstOrDefault(h => h.EventId == eventId) is { Applied: false, Reason: var reason })
            throw new VerbException(409, "invalid_transition", $"another move came first and this one does not count ({reason}); the task is {after.State} now");
        return new TaskMoveResponse(after, eventId, sent.TxnId, false, sent.Warnings);
    }

    /// <summary>A name as a send resolves it: a registered instance, a Matrix id, else a localpart on our server.</summary>
    private async Task<Recipient> ResolveAsync(string name, CancellationToken ct)
    {
        var trimmed = name.Trim();
        if (trimmed.Length == 0) throw VerbException.BadRequest("bad_to", "a name must not be empty");
        if (RecipientResolver.Find(trimmed, await registry(ct)) is { } found && UserId.TryParse(found.UserId, out var agentId))
            return new Recipient(agentId, found.Instance, found);
        if (UserId.TryParse(trimmed, out var id)) return new Recipient(id, id.Localpart, null);
        var user = new UserId($"@{trimmed.TrimStart('@')}:{self.ServerName}");
        return new Recipient(user, user.Localpart, null);
    }
}
