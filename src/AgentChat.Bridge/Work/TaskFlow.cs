using AgentChat.Bridge.Feed;
using AgentChat.Tasks;
using Microsoft.Extensions.Logging;

namespace AgentChat.Bridge.Work;

/// <summary>
/// A task assigned to the bridge moves by itself: assigned → accepted → in_progress before the run, done or failed
/// after it, through the gateway's <c>/tasks</c> (so the core's rules judge every move). A task already final is
/// not run again; a task someone blocked or reassigned is left alone.
/// <para>
/// A human's task is confirmed in its thread by the assignee's daemon — the bridge's own, which reads the same message
/// at the same time — with an <c>assigned</c> move. Landing after the bridge's <c>accept</c> it would put the task
/// back to assigned (and refuse the bridge's later moves), so the bridge waits for that confirmation first
/// (at most <see cref="ConfirmationWait"/>).
/// </para>
/// </summary>
internal sealed partial class TaskFlow(BridgeGateway gateway, string self, TimeProvider time, ILogger<TaskFlow> logger)
{
    public static readonly TimeSpan ConfirmationWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ConfirmationPoll = TimeSpan.FromMilliseconds(250);

    /// <summary>The task when the bridge should work on it (now in progress), else null.</summary>
    public async Task<TaskView?> StartAsync(string id, CancellationToken ct)
    {
        var task = await gateway.GetTaskAsync(id, ct);
        if (task is not null && AwaitsConfirmation(task)) task = await ConfirmedAsync(task, ct);
        if (task is null || task.Assignee != self) return null;
        if (task.State == TaskStates.Assigned && !await MoveAsync(id, "accept", null, ct)) return null;
        if (task.State is TaskStates.Assigned or TaskStates.Accepted && !await MoveAsync(id, "start", null, ct)) return null;
        return task.State is TaskStates.Assigned or TaskStates.Accepted or TaskStates.InProgress ? task : null;
    }

    /// <summary>Whether a task is assigned to the bridge and final (nothing left to do).</summary>
    public async Task<bool> IsFinishedAsync(string id, CancellationToken ct) =>
        await gateway.GetTaskAsync(id, ct) is { } t && t.Assignee == self && t.State is TaskStates.Done or TaskStates.Failed or TaskStates.Cancelled;

    /// <summary>Whether a task is assigned to the bridge and in progress (or accepted): begun, not finished.</summary>
    public async Task<bool> IsOpenAsync(string id, CancellationToken ct) =>
        await gateway.GetTaskAsync(id, ct) is { } t && t.Assignee == self && t.State is TaskStates.Accepted or TaskStates.InProgress or TaskStates.Blocked;

    /// <summary>A human's task for the bridge that no move of the bridge's account has answered yet: its daemon confirms it.</summary>
    private bool AwaitsConfirmation(TaskView task) =>
        task.State == TaskStates.Assigned && task.Assignee == self && task.CreatorHuman
        && task.History?.Any(h => h.Sender == self && h.Applied) != true;

    /// <summary>The task once confirmed (or moved on by anyone), or as it is when <see cref="ConfirmationWait"/> has passed.</summary>
    private async Task<TaskView?> ConfirmedAsync(TaskView task, CancellationToken ct)
    {
        var until = time.GetUtcNow() + ConfirmationWait;
        TaskView? current = task;
        while (current is not null && AwaitsConfirmation(current))
        {
            if (time.GetUtcNow() >= until)
            {
                LogNotConfirmed(logger, task.Id, ConfirmationWait.TotalSeconds);
                break;
            }
            await Task.Delay(ConfirmationPoll, time, ct);
            current = await gateway.GetTaskAsync(task.Id, ct);
        }
        return current;
    }

    public Task<bool> FinishAsync(string id, bool done, string note, CancellationToken ct) => MoveAsync(id, done ? "done" : "fail", note, ct);

    private async Task<bool> MoveAsync(string id, string action, string? note, CancellationToken ct)
    {
        var reply = await gateway.MoveTaskAsync(id, new TaskMoveRequest { Action = action, Note = note, TxnId = AnswerIds.Move(id, action) }, ct);
        if (!reply.Accepted) LogMoveRefused(logger, id, action, reply.ToString());
        return reply.Accepted;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "task {Task}: its daemon has not confirmed it within {Seconds} s; the bridge takes it on anyway")]
    private static partial void LogNotConfirmed(ILogger logger, string task, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "task {Task}: {Action} refused: {Reply}")]
    private static partial void LogMoveRefused(ILogger logger, string task, string action, string reply);
}
