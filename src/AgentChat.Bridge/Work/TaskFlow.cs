using AgentChat.Bridge.Feed;
using AgentChat.Tasks;
using Microsoft.Extensions.Logging;

namespace AgentChat.Bridge.Work;

/// <summary>
/// A task assigned to the bridge moves by itself: assigned → accepted → in_progress before the run, done or failed
/// after it, through the gateway's <c>/tasks</c> (so the core's rules judge every move). A task already final is
/// not run again; a task someone blocked or reassigned is left alone.
/// </summary>
internal sealed partial class TaskFlow(BridgeGateway gateway, string self, ILogger<TaskFlow> logger)
{
    /// <summary>The task when the bridge should work on it (now in progress), else null.</summary>
    public async Task<TaskView?> StartAsync(string id, CancellationToken ct)
    {
        var task = await gateway.GetTaskAsync(id, ct);
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

    public Task<bool> FinishAsync(string id, bool done, string note, CancellationToken ct) => MoveAsync(id, done ? "done" : "fail", note, ct);

    private async Task<bool> MoveAsync(string id, string action, string? note, CancellationToken ct)
    {
        var reply = await gateway.MoveTaskAsync(id, new TaskMoveRequest { Action = action, Note = note, TxnId = AnswerIds.Move(id, action) }, ct);
        if (!reply.Accepted) LogMoveRefused(logger, id, action, reply.ToString());
        return reply.Accepted;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "task {Task}: {Action} refused: {Reply}")]
    private static partial void LogMoveRefused(ILogger logger, string task, string action, string reply);
}
