using AgentChat.Daemon.Registry;
using AgentChat.Daemon.Rooms;
using AgentChat.Daemon.Unanswered;
using AgentChat.LoopGuard;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Receipts;
using AgentChat.Unanswered;
using Microsoft.Extensions.Logging;
using AgentChat.Hosting.Rooms;
using AgentChat.Hosting.Registry;

namespace AgentChat.Daemon.Receipts;

/// <summary>
/// What the daemon keeps about conversations beside the buffer, fed from the same /sync batches: the receipts
/// of its own sends, each agent's loop budget per room/thread, the hops of recent messages, the questions and
/// tasks nobody answered, and when the last digest was posted per room. One lock for all: each is small.
/// </summary>
internal sealed partial class ConversationWatch(
    DaemonIdentity identity, FollowedRooms rooms, RegistryState registry, GuardSettings settings, TimeProvider time, ILogger<ConversationWatch> logger)
{
    private readonly Lock _lock = new();
    private readonly ReceiptBook _receipts = new(identity.UserId.Value);
    private readonly LoopBudget _budget = new(settings.LoopBudget);
    private readonly HopBook _hops = new();
    private readonly AnswerBook _answers = new();
    private readonly UnansweredBook _unanswered = new();
    private readonly Dictionary<string, long> _lastDigest = new(StringComparer.Ordinal);

    public GuardSettings Settings => settings;

    /// <summary>Messages of one room, in timeline order, with the raw events they came from (the 👀 reactions among them too).</summary>
    public void Observe(RoomId room, IEnumerable<MatrixEvent> events, IReadOnlyList<ChatMessage> messages)
    {
        ObserveMessages(room, events, messages);
        ObserveDeliveries(room, events);
    }

    private void ObserveMessages(RoomId room, IEnumerable<MatrixEvent> events, IReadOnlyList<ChatMessage> messages)
    {
        if (messages.Count == 0) return;
        var observed = Observed.Pair(events, messages);
        var shared = rooms.SharedRoomOrNull == room;
        var senders = registry.Senders;
        var instances = registry.Instances;
        var now = Now;
        Func<string, bool> isAgent = u => !senders.IsHuman(u);
        var digestKeeper = shared ? DigestKeeper.Of(instances, senders, now) : null;
        lock (_lock)
        {
            foreach (var o in observed)
            {
                try
                {
                    _receipts.Observe(o, senders, shared, instances);
                    _budget.Observe(o, _answers.Observe(o, isAgent));
                    _hops.Observe(o);
                    _unanswered.Observe(o, now);
                    // In the shared room only the designated poster's digest counts: another agent's (forged) one suppresses nothing.
                    if (o.NoticeTag == Observed.DigestNotice && (digestKeeper is null || o.Message.Sender == digestKeeper)) _lastDigest[o.Message.RoomId] = Math.Max(_lastDigest.GetValueOrDefault(o.Message.RoomId), Math.Min(o.Message.Ts, now));
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    LogSkipped(logger, o.Message.EventId, e.Message); // one stranger's message must not stop the sync loop
                }
            }
        }
    }

    /// <summary>A room's ephemeral events from /sync: the public read receipts among them.</summary>
    public void ObserveEphemeral(RoomId room, EventList? ephemeral)
    {
        if (ephemeral is null) return;
        var now = Now;
        lock (_lock)
        {
            foreach (var e in ephemeral.Events)
            {
                if (e.Type != EventTypes.Receipt) continue;
                try
                {
                    foreach (var receipt in ReadReceipt.Parse(e.Content)) _receipts.ObserveReceipt(room.Value, receipt, now);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    LogSkipped(logger, "(receipt)", ex.Message);
                }
            }
        }
    }

    /// <summary>A recipient's 👀 on one of our sends: delivered to its session (docs/wake.md).</summary>
    private void ObserveDeliveries(RoomId room, IEnumerable<MatrixEvent> events)
    {
        var now = Now;
        lock (_lock)
        {
            foreach (var e in events)
                if (e.Type == DeliveryReaction.EventType && DeliveryReaction.Parse(e) is { } reaction) _receipts.ObserveDelivery(room.Value, reaction, now);
        }
    }

    /// <summary>Null when the parent is not known here yet (/sync has not brought it).</summary>
    public int? NextHops(string? replyTo, string? thread)
    {
        lock (_lock) return _hops.Next(replyTo, thread);
    }

    /// <summary>A parent looked up from the homeserver: its hops, kept for the next reply too.</summary>
    public void Learn(Observed parent)
    {
        lock (_lock)
        {
            _hops.Observe(parent);
            if (!parent.Message.Human && !parent.Notice) _answers.Record(parent.Message.EventId, LoopScope.Of(parent.Message.RoomId, parent.Message.Thread), parent.Message.Sender);
        }
    }

    /// <summary>
    /// Whether this agent's message would answer another agent (a direct message to an agent always does); if so,
    /// whether the budget allows it — then one slot is held for it — and, when not, whether to post the notice.
    /// </summary>
    public (bool Counts, bool Allowed, bool PostNotice) CheckBudget(LoopScope scope, string? replyTo, IReadOnlyList<string> mentions, bool toAgent)
    {
        var senders = registry.Senders;
        var self = identity.UserId.Value;
        lock (_lock)
        {
            if (!toAgent && !_answers.Answers(scope, self, replyTo, mentions, u => !senders.IsHuman(u))) return (false, true, false);
            if (_budget.TryReserve(scope, self)) return (true, true, false);
            return (true, false, _budget.ClaimNotice(scope));
        }
    }

    /// <summary>Gives back a slot held by <see cref="CheckBudget"/> (the send failed, or was queued and is counted when /sync brings it).</summary>
    public void Release(LoopScope scope)
    {
        lock (_lock) _budget.Release(scope, identity.UserId.Value);
    }

    /// <summary>A send the homeserver took: counted now (if it answers an agent; its slot given back), before /sync brings it back.</summary>
    public void Delivered(AgentChat.Matrix.EventId eventId, RoomId room, string? thread, LoopScope? heldSlot, bool counts, bool notice, string? directTo, int? hops)
    {
        var self = identity.UserId.Value;
        lock (_lock)
        {
            var scope = LoopScope.Of(room.Value, thread);
            if (hops is { } h) _hops.Record(eventId.Value, thread, h);
            if (heldSlot is { } held) _budget.Release(held, self);
            if (counts) _budget.Count(eventId.Value, scope, self);
            if (!notice) _answers.Record(eventId.Value, scope, self);
            if (directTo is not null) _receipts.SetDirectPartner(room.Value, directTo);
        }
    }

    /// <summary>The budget and this agent's count per room/thread where it has one.</summary>
    public LoopGuardStatus GuardStatus()
    {
        lock (_lock)
            return new LoopGuardStatus(settings.LoopBudget,
                _budget.Active(identity.UserId.Value).Select(a => new LoopScopeUse(a.Scope.RoomId, a.Scope.Thread, a.Used, settings.LoopBudget)).ToList());
    }

    public string? DirectRoomOf(string userId)
    {
        lock (_lock) return _receipts.DirectRoomOf(userId);
    }

    public IReadOnlyList<SentMessage> Sent(bool pendingOnly, int limit)
    {
        lock (_lock) return _receipts.Sent(pendingOnly, limit, Now);
    }

    public IReadOnlyList<UnansweredItem> Unanswered(string? roomId = null)
    {
        lock (_lock) return _unanswered.Due(Now, settings.UnansweredAfter, roomId);
    }

    /// <summary>The rooms whose digest is due: unanswered items, and no digest from anyone for an interval.</summary>
    public IReadOnlyList<(string RoomId, IReadOnlyList<UnansweredItem> Items)> DueDigests()
    {
        var now = Now;
        lock (_lock)
        {
            return _unanswered.Due(now, settings.UnansweredAfter)
                .GroupBy(i => i.RoomId)
                .Where(g => !_lastDigest.TryGetValue(g.Key, out var last) || now - last >= (long)settings.DigestInterval.TotalMilliseconds)
                .Select(g => (g.Key, (IReadOnlyList<UnansweredItem>)g.ToList()))
                .ToList();
        }
    }

    /// <summary>This daemon posted a digest in <paramref name="roomId"/>: no other for an interval.</summary>
    public void DigestPosted(string roomId)
    {
        lock (_lock) _lastDigest[roomId] = Now;
    }

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    [LoggerMessage(Level = LogLevel.Warning, Message = "receipts/loop guard: passed over {EventId}: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string eventId, string reason);
}
