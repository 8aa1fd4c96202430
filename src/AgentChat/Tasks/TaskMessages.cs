using AgentChat.Gateway;
using AgentChat.Messages;
using AgentChat.Verbs;

namespace AgentChat.Tasks;

/// <summary>
/// The messages that open, move and confirm a task, each checked before it is sent against the rules the
/// derivation applies after: who may move (creator, assignee, any human) and which moves are legal
/// (<see cref="TaskTransitions"/>). A refused move is never built, so never sent.
/// </summary>
public static class TaskMessages
{
    public const int MaxDue = 64;

    /// <summary>A new task: a <c>[TASK]</c> message addressed to the assignee, with <c>meta.task</c>.</summary>
    public static SendRequest New(string text, string? assignee, string? due, string? room, string? txnId)
    {
        if (string.IsNullOrWhiteSpace(text)) throw VerbException.BadRequest("empty_text", "a task needs a text saying what to do");
        CheckDue(due);
        var meta = new TaskMeta(null, assignee is null ? TaskStates.Open : TaskStates.Assigned, assignee, due, []);
        return new SendRequest
        {
            Text = text, Kind = MessageKind.Task, To = assignee is null ? null : [assignee], Room = room, Meta = meta.ToMeta(), TxnId = txnId,
        };
    }

    /// <summary>
    /// The reply that moves <paramref name="task"/> by <paramref name="action"/>, as <paramref name="actor"/>
    /// (<paramref name="actorHuman"/> is the registry's word, not a claim). 403 <c>not_allowed</c>, 409 <c>invalid_transition</c>.
    /// </summary>
    public static SendRequest Move(TaskView task, string action, string actor, string actorLabel, bool actorHuman,
        string? assignee, string? assigneeLabel, string? note, IReadOnlyList<string> waitingOn, string? due, string? room, string? txnId)
    {
        var target = TaskActions.StateOf(action) ?? throw VerbException.BadRequest("bad_action", $"the action must be one of {string.Join(", ", TaskActions.All)}");
        CheckDue(due);
        if (actor != task.Creator && actor != task.Assignee && !actorHuman)
            throw new VerbException(403, "not_allowed", $"only the task's creator ({task.Creator}), its assignee ({task.Assignee ?? "nobody"}) or a human may move it");
        if (target == TaskStates.Assigned)
        {
            if (assignee is null) throw VerbException.BadRequest("no_assignee", "assign needs whom to assign the task to");
            if (task.State == TaskStates.Assigned && task.Assignee == assignee)
                throw new VerbException(409, "invalid_transition", $"task {task.Id} is already assigned to {assigneeLabel ?? assignee}");
        }
        if (!TaskTransitions.CanMove(task.State, target))
        {
            var next = TaskTransitions.NextOf(task.State);
            throw new VerbException(409, "invalid_transition",
                $"task {task.Id} is {task.State}: it cannot become {target}" + (next.Count > 0 ? $" (it can become {string.Join(", ", next.Distinct())})" : " (it is finished)"));
        }

        var newAssignee = target == TaskStates.Assigned ? assignee : task.Assignee;
        var line = TaskActions.Line(target, actorLabel, assigneeLabel ?? assignee, task.Title, note);
        var mention = target == TaskStates.Assigned ? [assignee!] : target == TaskStates.Blocked ? waitingOn : [];
        return new SendRequest
        {
            Text = line,
            Kind = MessageKind.Task,
            Thread = task.Id,
            Room = room,
            To = mention.Count > 0 ? mention.ToList() : null,
            Meta = new TaskMeta(task.Id, target, newAssignee, due ?? task.Due, target == TaskStates.Blocked ? waitingOn : []).ToMeta(),
            TxnId = txnId,
        };
    }

    /// <summary>
    /// The assignee's daemon confirming a task a human handed it (<c>!task @beta ...</c>): a reply that keeps the
    /// state (assigned to the same account), so the human sees it arrived; <paramref name="txnId"/> makes it once.
    /// </summary>
    public static SendRequest Confirm(TaskView task, string label, string txnId) => new()
    {
        Text = TaskActions.Named($"assigned to {label}", task.Title, $"confirmed by {label}'s daemon"),
        Kind = MessageKind.Task,
        Thread = task.Id,
        Room = task.RoomId,
        Meta = new TaskMeta(task.Id, TaskStates.Assigned, task.Assignee, task.Due, []).ToMeta(),
        TxnId = txnId,
    };

    private static void CheckDue(string? due)
    {
        if (due is null) return;
        if (due.Length is 0 or > MaxDue || !DateTimeOffset.TryParse(due, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out _))
            throw VerbException.BadRequest("bad_due", "\"due\" must be a date or time, e.g. 2026-12-01 or 2026-12-01T17:00:00Z");
    }
}
