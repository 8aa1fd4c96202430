using AgentChat.Daemon.Tasks;
using AgentChat.Decisions;
using AgentChat.Hosting.Registry;
using AgentChat.Hosting.Rooms;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentChat.Daemon.Decisions;

/// <summary>
/// The daemon's part in decisions, for its own agent: a task it blocked on a decision goes back to in_progress when the
/// decision is answered (or closed or expired unanswered), and a poll it asked is closed with <c>m.poll.end</c> once decided
/// or expired. The blocked tasks are found in the task index (the room says it: <c>meta.task.decision</c> on the block move),
/// so a restart picks them up again; each is looked at when an answer to its poll arrives, when a block names a decision,
/// and once a minute for deadlines. Each move is sent once (its transaction id is made from the task and the decision).
/// </summary>
internal sealed partial class DecisionKeeper(
    DecisionService decisions, DecisionSignals signals, TaskIndexFeed feed, RoomTasks tasks, FollowedRooms rooms, RegistryState registry,
    DaemonIdentity identity, TimeProvider time, ILogger<DecisionKeeper> logger) : BackgroundService
{
    private static readonly TimeSpan Sweep = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await feed.Ready.WaitAsync(stoppingToken);
            var last = DateTimeOffset.MinValue;
            while (!stoppingToken.IsCancellationRequested)
            {
                var changed = signals.Changed;
                var (dirty, rescan, own) = signals.Take();
                var sweep = time.GetUtcNow() - last >= Sweep;
                if (sweep) last = time.GetUtcNow();
                await ResumeTasksAsync(dirty, rescan || sweep, stoppingToken);
                await CloseOwnAsync(own, dirty, sweep, stoppingToken);
                try
                {
                    await changed.WaitAsync(Sweep, time, stoppingToken);
                }
                catch (TimeoutException)
                {
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ResumeTasksAsync(IReadOnlySet<string> dirty, bool all, CancellationToken ct)
    {
        List<(RoomId Room, string Task, string Decision)> pending;
        try
        {
            pending = await PendingAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogFailed(logger, "*", "*", e.Message);
            return;
        }
        signals.Track(pending.Select(p => p.Decision));
        foreach (var (room, task, decision) in pending)
        {
            if (!all && !dirty.Contains(decision)) continue;
            try
            {
                if (await decisions.ResumeIfAnsweredAsync(room, task, decision, ct)) LogResumed(logger, task, decision);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                LogFailed(logger, task, decision, e.Message);
            }
        }
    }

    private async Task CloseOwnAsync(IReadOnlyDictionary<string, (RoomId Room, long? ExpiresAt)> own, IReadOnlySet<string> dirty, bool sweep, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var (id, (room, expiresAt)) in own)
        {
            if (!dirty.Contains(id) && !(sweep && expiresAt < now)) continue;
            try
            {
                var decision = await decisions.ReadAsync(room, id, ct);
                await decisions.CloseIfMineAsync(decision, ct);
                if (decision.State != DecisionStates.Open) signals.Forget(id);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                LogFailed(logger, "-", id, e.Message);
            }
        }
    }

    /// <summary>The tasks of every followed room that this agent blocked on a decision, as the index holds them.</summary>
    private async Task<List<(RoomId Room, string Task, string Decision)>> PendingAsync(CancellationToken ct)
    {
        var found = new List<(RoomId, string, string)>();
        var self = identity.UserId.Value;
        var directory = (await tasks.ReaderAsync(ct)).Directory;
        foreach (var room in rooms.All)
        {
            var messages = MessageParser.ParseAll(feed.Index.EventsOf(room), room, rooms.AliasOf(room), registry.Senders).ToList();
            foreach (var task in TaskLedger.Derive(messages, directory, withHistory: true))
                if (task.State == TaskStates.Blocked && DecisionTaskLink.BlockedOn(task, messages, self) is { } decision)
                    found.Add((room, task.Id, decision));
        }
        return found;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "task {TaskId}: decision {DecisionId} is settled; the task is in progress again")]
    private static partial void LogResumed(ILogger logger, string taskId, string decisionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "decisions: could not settle task {TaskId} / poll {DecisionId} now ({Reason}); it is looked at again")]
    private static partial void LogFailed(ILogger logger, string taskId, string decisionId, string reason);
}
