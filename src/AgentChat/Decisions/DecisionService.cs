using AgentChat.Matrix;
using AgentChat.Tasks;
using AgentChat.Verbs;

namespace AgentChat.Decisions;

/// <summary>
/// The decision rules, one set for the gateway and the CLI's direct mode (docs/decisions.md): ask (a poll, and a task
/// blocked on it), show, wait for the first allowed answer, close the asker's poll once decided, and resume a task
/// blocked on a decision. What differs between the daemon and direct mode is in <see cref="IDecisionRoom"/>.
/// </summary>
public sealed class DecisionService(IDecisionRoom room, TimeProvider time)
{
    public const int MaxQuestion = 1000;

    /// <summary>The longest a wait without a timeout or a deadline in the poll lasts.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromDays(1);

    public async Task<DecisionAskResponse> AskAsync(DecisionAskRequest request, CancellationToken ct)
    {
        var question = request.Question?.Trim() ?? "";
        if (question.Length == 0) throw VerbException.BadRequest("empty_question", "a decision needs a question, e.g. cchat ask \"Deploy to prod?\" --choices \"yes|no\"");
        if (question.Length > MaxQuestion) throw VerbException.BadRequest("bad_question", $"the question is at most {MaxQuestion} characters");
        var choices = DecisionChoices.Parse(request.Choices);
        if (request.TxnId is { } txn && !TxnId.IsValid(txn)) throw VerbException.BadRequest("bad_txn_id", $"\"txn_id\" must be {TxnId.Rule}");
        var timeout = request.Timeout is { } t ? DecisionDuration.Parse(t) : (TimeSpan?)null;

        var registry = await room.RegistryAsync(ct);
        var warnings = new List<string>();
        var asked = new List<Recipient>();
        foreach (var name in (request.To ?? []).Distinct(StringComparer.Ordinal))
            if (await room.ResolveAsync(name, registry, warnings, ct) is var r && asked.All(a => a.UserId != r.UserId)) asked.Add(r);
        var from = new List<string>();
        foreach (var name in (request.From ?? []).SelectMany(f => f.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            if ((await room.ResolveAsync(name, registry, warnings, ct)).UserId.Value is var id && !from.Contains(id)) from.Add(id);
        if (asked.Count == 0 && from.Count == 0) warnings.Add("the poll mentions nobody: any human in the room may answer, but no one's client highlights it (give --to)");

        TaskView? task = null;
        RoomId target;
        if (request.Task is { } taskId)
        {
            var taskRoom = await room.RoomOfAsync(taskId, request.Room, ct);
            task = (await (await room.TaskReaderAsync(taskRoom, ct)).ShowAsync(taskId, ct)).Task;
            // refused before anything is asked: the block move must be legal and ours to make
            TaskMessages.Move(task, "block", room.Self.Value, room.Instance, false, null, null, "check", [], null, null, null);
            target = request.Room is null ? taskRoom : await room.RoomAsync(request.Room, ct);
        }
        else target = await room.RoomAsync(request.Room, ct);

        var expiresAt = timeout is { } span ? time.GetUtcNow().Add(span).ToUnixTimeMilliseconds() : (long?)null;
        var content = DecisionContent.Start(question, choices, asked.Select(a => (a.UserId.Value, a.Label)).ToList(), from, expiresAt, task?.Id, room.Instance);
        var txnId = request.TxnId ?? TxnId.New();
        var eventId = await room.SendEventAsync(target, EventTypes.PollStart, content, txnId, ct);
        var companion = await SendCompanionAsync(target, eventId.Value, question, choices, asked, expiresAt, warnings, ct);
        if (task is not null)
        {
            var blocked = await BlockAsync(eventId.Value, new DecisionBlockRequest { Task = task.Id }, ct);
            task = blocked.Task;
            warnings.AddRange(blocked.Warnings ?? []);
        }
        return new DecisionAskResponse(eventId.Value, target.Value, txnId, expiresAt, task, warnings.Count > 0 ? warnings : null, companion);
    }

    public async Task<DecisionView> ShowAsync(string id, string? roomHint, CancellationToken ct) =>
        await ReadAsync(await room.RoomOfAsync(Checked(id), roomHint, ct), id, ct);

    /// <summary>The decision as the room says it is now: the poll, then every event relating to it (oldest first, bounded).</summary>
    public async Task<DecisionView> ReadAsync(RoomId roomId, string id, CancellationToken ct)
    {
        MatrixEvent start;
        try
        {
            start = await room.Client.GetEventAsync(roomId, new EventId(Checked(id)), ct);
        }
        catch (MatrixException e) when (e.ErrCode == MatrixErrorCodes.NotFound || e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw Unknown(id);
        }
        var poll = DecisionPoll.Read(start with { RoomId = roomId }) ?? throw Unknown(id);
        var (related, companion) = await DecisionRelations.ReadDecisionAsync(room.Client, roomId, poll, ct);
        return DecisionLedger.Derive(poll, related, await room.SendersAsync(ct), time.GetUtcNow().ToUnixTimeMilliseconds(), companion);
    }

    /// <summary>
    /// Waits until an allowed responder answers, the poll ends or expires, or <paramref name="timeout"/> (else the poll's
    /// deadline, else <see cref="DefaultWait"/>) passes. <paramref name="arm"/> returns a task that completes at the next
    /// event relating to any of the given events (the poll, and its text line once known) after the call; it is armed
    /// before each read, so nothing in between is missed.
    /// </summary>
    public async Task<DecisionWaitResponse> WaitAsync(
        string id, string? roomHint, TimeSpan? timeout, Func<RoomId, IReadOnlyList<string>, CancellationToken, Task> arm, CancellationToken ct)
    {
        var roomId = await room.RoomOfAsync(Checked(id), roomHint, ct);
        var started = time.GetUtcNow();
        DateTimeOffset? deadline = null;
        string? companion = null;
        while (true)
        {
            using var round = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var next = arm(roomId, companion is null ? [id] : [id, companion], round.Token);
            try
            {
                var view = await ReadAsync(roomId, id, ct);
                if (view.State != DecisionStates.Open)
                {
                    await CloseIfMineAsync(view, ct);
                    return new DecisionWaitResponse(view, view.Answer is null);
                }
                if (view.CompanionId is { } line && line != companion)
                {
                    companion = line; // armed on the text line too before the next read, so a reaction on it is heard
                    continue;
                }
                deadline ??= started + (timeout ?? (view.ExpiresAt is { } x ? DateTimeOffset.FromUnixTimeMilliseconds(x) - started : DefaultWait));
                var left = deadline.Value - time.GetUtcNow();
                if (left <= TimeSpan.Zero) return new DecisionWaitResponse(view, true);
                try
                {
                    await next.WaitAsync(left, time, ct);
                }
                catch (TimeoutException)
                {
                    // the time is up: one more look (the next round), so an answer that came with the deadline still counts
                }
            }
            finally
            {
                await round.CancelAsync();
                await Observe(next);
            }
        }
    }

    /// <summary>Blocks a task on an open decision: the block move names it in <c>meta.task.decision</c>.</summary>
    public async Task<TaskMoveResponse> BlockAsync(string decisionId, DecisionBlockRequest request, CancellationToken ct)
    {
        if (request.Task is not { Length: > 0 } taskId) throw VerbException.BadRequest("no_task", "give the task to block (its id)");
        if (request.TxnId is { } txn && !TxnId.IsValid(txn)) throw VerbException.BadRequest("bad_txn_id", $"\"txn_id\" must be {TxnId.Rule}");
        var decision = await ShowAsync(decisionId, null, ct);
        if (decision.State != DecisionStates.Open)
            throw new VerbException(409, "decision_not_open", $"decision {decision.Id} is {decision.State}{(decision.Answer is { } a ? $" ({a.Choice})" : "")}: there is nothing to wait for");
        var reader = await room.TaskReaderAsync(await room.RoomOfAsync(taskId, decision.RoomId, ct), ct);
        var shown = await reader.ShowAsync(taskId, ct);
        var sent = await room.SendTaskAsync(DecisionTaskLink.Block(shown.Task, decision, room.Self.Value, room.Instance, shown.You.Human, request.Note, request.TxnId ?? TxnId.New()), ct);
        if (sent.EventId is not { } eventId) return new TaskMoveResponse(shown.Task, null, sent.TxnId, true, sent.Warnings);
        var after = (await reader.ShowAsync(taskId, ct)).Task;
        if (after.History?.FirstOrDefault(h => h.EventId == eventId) is { Applied: false, Reason: var reason })
            throw new VerbException(409, "invalid_transition", $"another move came first and this one does not count ({reason}); the task is {after.State} now");
        return new TaskMoveResponse(after, eventId, sent.TxnId, false, sent.Warnings);
    }

    /// <summary>
    /// Moves a task this agent blocked on <paramref name="decisionId"/> back to in_progress once the decision is answered
    /// (or closed or expired without an answer), with a note of the answer; closes the poll first when it is ours.
    /// True when the task was moved now.
    /// </summary>
    public async Task<bool> ResumeIfAnsweredAsync(RoomId taskRoom, string taskId, string decisionId, CancellationToken ct)
    {
        var decision = await ShowAsync(decisionId, taskRoom.Value, ct);
        if (decision.State == DecisionStates.Open) return false;
        await CloseIfMineAsync(decision, ct);
        var reader = await room.TaskReaderAsync(taskRoom, ct);
        var task = (await reader.ShowAsync(taskId, ct)).Task;
        var thread = (await reader.ThreadAsync(taskId, null, ReadRules.MaxLimit, ct)).Messages;
        if (DecisionTaskLink.BlockedOn(task, thread, room.Self.Value) != decisionId) return false;
        return (await room.SendTaskAsync(DecisionTaskLink.Resume(task, decision, room.Self.Value, room.Instance), ct)).EventId is not null;
    }

    /// <summary>The asker posts <c>m.poll.end</c> once the decision is made or its time is up, so humans see the poll closed.</summary>
    public async Task CloseIfMineAsync(DecisionView decision, CancellationToken ct)
    {
        if (decision.Closed || decision.Asker != room.Self.Value || decision.State is not (DecisionStates.Decided or DecisionStates.Expired)) return;
        try
        {
            await room.SendEventAsync(new RoomId(decision.RoomId), EventTypes.PollEnd, DecisionContent.End(decision), DecisionContent.EndTxn(decision.Id), ct);
        }
        catch (MatrixException)
        {
            // a courtesy to the humans: the decision stands without it, and the next look tries again
        }
    }

    /// <summary>The poll's text line for clients without polls; a failure leaves the poll standing and says so.</summary>
    private async Task<string?> SendCompanionAsync(
        RoomId target, string pollId, string question, IReadOnlyList<DecisionChoice> choices, List<Recipient> asked, long? expiresAt, List<string> warnings, CancellationToken ct)
    {
        var content = DecisionCompanion.Content(pollId, question, choices, asked.Select(a => (a.UserId.Value, a.Label)).ToList(), expiresAt, room.Instance);
        try
        {
            return (await room.SendEventAsync(target, EventTypes.RoomMessage, content, DecisionCompanion.Txn(pollId), ct)).Value;
        }
        catch (MatrixException e)
        {
            warnings.Add($"the poll {pollId} is asked, but its text line for clients without polls was not posted ({e.Message}): ask again with the same txn_id to post it (the poll stays one)");
            return null;
        }
    }

    private static async Task Observe(Task next)
    {
        try
        {
            await next;
        }
        catch (Exception e) when (e is OperationCanceledException or MatrixException or HttpRequestException or TimeoutException)
        {
        }
    }

    private static string Checked(string id) =>
        id is { Length: > 1 } && id[0] == '$' && !id.Any(char.IsWhiteSpace) && id.Length <= 255
            ? id
            : throw VerbException.BadRequest("bad_event_id", "a decision id is the poll's event id ($...), as `cchat ask` printed it");

    private static VerbException Unknown(string id) =>
        new(404, "unknown_decision", $"{id} is no poll in this room: a decision id is the event id `cchat ask` printed (`--room` names another room)");
}
