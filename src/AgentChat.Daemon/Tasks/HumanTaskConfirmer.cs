using System.Security.Cryptography;
using System.Text;
using AgentChat.Daemon.Buffer;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Tasks;
using AgentChat.Verbs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentChat.Daemon.Tasks;

/// <summary>
/// Humans hand work over and move it from any Matrix client, and one daemon answers in the thread, in every room
/// this agent follows:
/// <list type="bullet">
/// <item>a human's <c>!task @beta do X</c> (or <c>[TASK] @beta ...</c>) is a task for beta; beta's daemon — the
/// assignee's, so exactly one — confirms it;</item>
/// <item>a human's <c>!done</c>, <c>!block reason</c>, <c>!assign @x</c>... in a task's thread moves it by the rules
/// (<see cref="HumanTaskCommand"/>; every reader derives that alike); the daemon of the task's assignee, else of its
/// creator, answers the command with what it did or why it did not count (<see cref="CommandAnswer"/>).</item>
/// </list>
/// Idempotent across restarts: the thread is read first and an answer already there means nothing to do, and the
/// reply's transaction id is made from the event it answers, so even a race sends it once.
/// </summary>
internal sealed partial class HumanTaskConfirmer(
    MessageBuffer buffer, RoomTasks tasks, DaemonIdentity identity, ILogger<HumanTaskConfirmer> logger) : BackgroundService
{
    private const int Batch = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var self = identity.UserId.Value;
            long cursor = 0;
            while (!stoppingToken.IsCancellationRequested)
            {
                var changed = buffer.Changed;
                var slice = buffer.After(cursor, m => m.Human && m.Sender != self && (MayBeTask(m) || IsCommand(m)), Batch);
                foreach (var message in slice.Messages)
                {
                    cursor = message.Cursor;
                    await HandleSafelyAsync(message, stoppingToken);
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

    private static bool MayBeTask(ChatMessage m) =>
        m.Thread is null && (m.Kind == MessageKind.Task || TaskRoot.IsHumanCommand(m.Body));

    private static bool IsCommand(ChatMessage m) => m.Thread is not null && HumanTaskCommand.Parse(m.Body) is not null;

    /// <summary>One human message; whatever goes wrong with it is logged and the bridge goes on.</summary>
    private async Task HandleSafelyAsync(ChatMessage message, CancellationToken ct)
    {
        try
        {
            if (message.Thread is null) await ConfirmAsync(message, ct);
            else await AnswerCommandAsync(message, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // a stranger's message must never stop the daemon: whatever it was, it is logged and passed over
            LogFailed(logger, message.EventId, e.Message);
        }
    }

    private async Task ConfirmAsync(ChatMessage message, CancellationToken ct)
    {
        var reader = await tasks.ReaderAsync(new RoomId(message.RoomId), ct);
        var self = identity.UserId.Value;
        if (TaskRoot.TryRead(message, reader.Directory)?.Assignee != self) return;
        var task = (await reader.ShowAsync(message.EventId, ct)).Task;
        if (task.State != TaskStates.Assigned || task.Assignee != self) return; // moved on already
        if (task.History?.Any(h => h.Sender == self && h.Applied) == true) return; // confirmed before (another run)

        await tasks.SendAsync(TaskMessages.Confirm(task, identity.Instance, TxnFor("task.confirm.", task.Id)), ct);
        LogConfirmed(logger, task.Id, task.Creator);
    }

    private async Task AnswerCommandAsync(ChatMessage message, CancellationToken ct)
    {
        var reader = await tasks.ReaderAsync(new RoomId(message.RoomId), ct);
        TaskView task;
        try
        {
            task = (await reader.ShowAsync(message.Thread!, ct)).Task;
        }
        catch (VerbException e) when (e.Status == 404)
        {
            return; // a thread that is no task: the words are chat
        }
        if (task.History?.FirstOrDefault(h => h.EventId == message.EventId) is not { } command) return;
        if (CommandAnswer.Answerer(task, reader.Directory) != identity.UserId.Value) return;
        var after = await reader.ThreadAsync(task.Id, message.EventId, ReadRules.MaxLimit, ct);
        if (after.Messages.Any(m => m.ReplyTo == message.EventId && !m.Human)) return; // answered before (another run)

        await tasks.SendAsync(CommandAnswer.For(task, command, identity.Instance, TxnFor("task.command.", message.EventId)), ct);
        LogAnswered(logger, task.Id, command.Sender, command.State ?? "?", command.Applied);
    }

    /// <summary>The same event always gets the same transaction id: the homeserver keeps one event per id and token.</summary>
    private static string TxnFor(string prefix, string eventId) =>
        prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventId)))[..40];

    [LoggerMessage(Level = LogLevel.Information, Message = "task {TaskId} from {Creator}: confirmed in its thread")]
    private static partial void LogConfirmed(ILogger logger, string taskId, string creator);

    [LoggerMessage(Level = LogLevel.Information, Message = "task {TaskId}: {Human}'s typed {State} answered (counted: {Applied})")]
    private static partial void LogAnswered(ILogger logger, string taskId, string human, string state, bool applied);

    [LoggerMessage(Level = LogLevel.Warning, Message = "task bridge: could not handle {EventId} now ({Reason}); it is looked at again after a restart")]
    private static partial void LogFailed(ILogger logger, string eventId, string reason);
}
