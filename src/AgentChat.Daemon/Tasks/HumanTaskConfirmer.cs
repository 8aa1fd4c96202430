using System.Security.Cryptography;
using System.Text;
using AgentChat.Daemon.Buffer;
using AgentChat.Daemon.Rooms;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using AgentChat.Hosting.Rooms;

namespace AgentChat.Daemon.Tasks;

/// <summary>
/// Humans hand work over from any Matrix client: a human's <c>!task @beta do X</c> (or <c>[TASK] @beta ...</c>)
/// in the shared room is a task for beta, and beta's daemon — the assignee's, so exactly one daemon answers —
/// confirms it with a reply in its thread. Idempotent across restarts: the thread is read first and a
/// confirmation already there (or any move by this agent) means nothing to do, and the reply's transaction id
/// is made from the task's id, so even a race sends it once.
/// </summary>
internal sealed partial class HumanTaskConfirmer(
    MessageBuffer buffer, FollowedRooms rooms, SharedRoomTasks tasks, DaemonIdentity identity, ILogger<HumanTaskConfirmer> logger) : BackgroundService
{
    private const int Batch = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var shared = (await rooms.SharedRoom.WaitAsync(stoppingToken)).Value;
            var self = identity.UserId.Value;
            long cursor = 0;
            while (!stoppingToken.IsCancellationRequested)
            {
                var changed = buffer.Changed;
                var slice = buffer.After(cursor, m => m.RoomId == shared && m.Thread is null && m.Human && m.Sender != self && MayBeTask(m), Batch);
                foreach (var message in slice.Messages)
                {
                    cursor = message.Cursor;
                    await ConfirmSafelyAsync(message, stoppingToken);
                }
                if (slice.Messages.Count == Batch) continue;
                cursor = Math.Max(cursor, slice.Latest);
                await changed.WaitAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private bool MayBeTask(ChatMessage m) =>
        m.Kind == MessageKind.Task || m.Body.TrimStart().StartsWith(TaskRoot.HumanCommand, StringComparison.OrdinalIgnoreCase);

    /// <summary>One human message; whatever goes wrong with it is logged and the bridge goes on.</summary>
    private async Task ConfirmSafelyAsync(ChatMessage message, CancellationToken ct)
    {
        try
        {
            await ConfirmAsync(message, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // a stranger's message must never stop the daemon: whatever it was, it is logged and passed over
            LogFailed(logger, message.EventId, e.Message);
        }
    }

    private async Task ConfirmAsync(ChatMessage message, CancellationToken ct)
    {
        var reader = await tasks.ReaderAsync(ct);
        var self = identity.UserId.Value;
        if (TaskRoot.TryRead(message, reader.Directory)?.Assignee != self) return;
        var task = (await reader.ShowAsync(message.EventId, ct)).Task;
        if (task.State != TaskStates.Assigned || task.Assignee != self) return; // moved on already
        if (task.History?.Any(h => h.Sender == self && h.Applied) == true) return; // confirmed before (another run)

        await tasks.SendAsync(TaskMessages.Confirm(task, identity.Instance, TxnFor(task.Id)), ct);
        LogConfirmed(logger, task.Id, task.Creator);
    }

    /// <summary>The same task always gets the same transaction id: the homeserver keeps one event per id and token.</summary>
    private static string TxnFor(string taskId) =>
        "task.confirm." + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(taskId)))[..40];

    [LoggerMessage(Level = LogLevel.Information, Message = "task {TaskId} from {Creator}: confirmed in its thread")]
    private static partial void LogConfirmed(ILogger logger, string taskId, string creator);

    [LoggerMessage(Level = LogLevel.Warning, Message = "task bridge: could not handle {EventId} now ({Reason}); it is looked at again after a restart")]
    private static partial void LogFailed(ILogger logger, string eventId, string reason);
}
