using AgentChat.Bridge.Addressing;
using AgentChat.Bridge.Work;
using AgentChat.Messages;
using AgentChat.Messages.Wake;
using AgentChat.Rooms;
using Microsoft.Extensions.Logging;

namespace AgentChat.Bridge.Feed;

/// <summary>
/// Every message the bridge sees passes here once (by event id): its threads and answers are learnt, and an
/// addressed one from an allowed sender, not older than <paramref name="floorMs"/> and not answered, is queued.
/// The backlog (start-up scan and the daemon's buffer) is read in two passes: every answer first, so a message
/// answered before a restart is never queued; then the messages in order, threads learnt as they come.
/// </summary>
internal sealed partial class Intake(
    BridgeAddressing addressing, WorkQueue queue, AnswerLedger ledger, DirectRoomCache direct, string self, long floorMs, ILogger<Intake> logger)
{
    private const int SeenCapacity = 50_000;

    private readonly ThreadParticipation _threads = new(self);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _seenOrder = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _refused;

    public long Refused => Interlocked.Read(ref _refused);

    public async Task BacklogAsync(IEnumerable<ChatMessage> messages, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var fresh = messages.Where(m => See(m.EventId)).ToList();
            foreach (var m in fresh) ledger.Observe(m);
            foreach (var m in fresh) await ConsiderAsync(m, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task LiveAsync(ChatMessage m, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (!See(m.EventId)) return;
            ledger.Observe(m);
            await ConsiderAsync(m, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ConsiderAsync(ChatMessage m, CancellationToken ct)
    {
        _threads.Observe(m);
        if (m.Sender == self || m.Ts < floorMs || ledger.Known(m.EventId)) return;
        var verdict = addressing.Decide(m, await direct.IsDirectAsync(m.RoomId, m.Room, ct), _threads, queue.Holds);
        switch (verdict.Kind)
        {
            case VerdictKind.Refused:
                LogRefused(logger, m.EventId, m.Sender, Interlocked.Increment(ref _refused));
                break;
            case VerdictKind.Answer when queue.Enqueue(new WorkItem(m, verdict.Prompt)):
                LogQueued(logger, m.EventId, m.Sender, queue.Pending);
                break;
        }
    }

    private bool See(string id)
    {
        if (!_seen.Add(id)) return false;
        _seenOrder.Enqueue(id);
        if (_seenOrder.Count > SeenCapacity) _seen.Remove(_seenOrder.Dequeue());
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Event} from {Sender} not answered: the sender is not on this homeserver nor in AGENTCHAT_BRIDGE_ALLOW ({Count} refused so far)")]
    private static partial void LogRefused(ILogger logger, string @event, string sender, long count);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Event} from {Sender} queued ({Pending} waiting)")]
    private static partial void LogQueued(ILogger logger, string @event, string sender, int pending);
}
