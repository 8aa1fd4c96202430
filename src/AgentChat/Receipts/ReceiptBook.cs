using AgentChat.Messages;
using AgentChat.Registry;
using AgentChat.Tasks;

namespace AgentChat.Receipts;

/// <summary>
/// The receipts of one agent's recent sends, from what its rooms show: its own messages (stored), public
/// <c>m.read</c> receipts at or after them (read), and the recipients' replies or posts in their thread (acted).
/// Fed in timeline order, per room; the daemon feeds it from /sync, direct mode from one sync's worth of history.
/// Not thread-safe: the caller holds a lock.
/// </summary>
public sealed class ReceiptBook(string self, int capacity = ReceiptBook.DefaultCapacity, TimeSpan? window = null)
{
    public const int DefaultCapacity = 500;
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(7);
    private const int MaxOrdered = 20_000;
    private const int MaxThreads = 5_000;
    private const int MaxText = 200;

    private readonly TimeSpan _window = window ?? DefaultWindow;
    private readonly Dictionary<string, long> _order = new(StringComparer.Ordinal);
    private readonly Queue<string> _orderAge = new();
    private readonly LinkedList<Tracked> _sent = new();
    private readonly Dictionary<string, string> _directPartner = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _posters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _rootSender = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _threadPosters = new(StringComparer.Ordinal);
    private readonly Queue<string> _threadAge = new();
    private long _next;

    private sealed class Tracked
    {
        public required SentMessage Message { get; init; }
        public required long Seq { get; init; }
        public required Dictionary<string, ReceiptProgress> Recipients { get; init; }
    }

    /// <summary>A direct room's other member, learnt when this agent sends there: the recipient of an unaddressed message in it.</summary>
    public void SetDirectPartner(string roomId, string userId) => _directPartner[roomId] = userId;

    /// <summary>The direct room this agent last sent to <paramref name="userId"/> in, if any.</summary>
    public string? DirectRoomOf(string userId) => _directPartner.LastOrDefault(p => p.Value == userId).Key;

    /// <summary>
    /// One message, in timeline order. An own message that mentions nobody is for: in a thread, the thread's other
    /// posters (else its root's sender); in the shared room's main timeline, the agents alive when it was sent
    /// (<paramref name="instances"/>; every registered agent when not given). A task's move in its thread is not tracked.
    /// </summary>
    public void Observe(Observed observed, SenderDirectory senders, bool shared, IReadOnlyList<InstanceInfo>? instances = null)
    {
        var m = observed.Message;
        if (_order.ContainsKey(m.EventId)) return;
        var seq = ++_next;
        _order[m.EventId] = seq;
        _orderAge.Enqueue(m.EventId);
        if (_orderAge.Count > MaxOrdered && _orderAge.Dequeue() is var old)
        {
            _order.Remove(old);
            _rootSender.Remove(old);
        }
        if (observed.NoticeTag is null)
        {
            if (m.Thread is { } thread) ThreadPosters(thread).Add(m.Sender);
            else _rootSender[m.EventId] = m.Sender;
        }

        if (m.Sender == self)
        {
            if (observed.NoticeTag is null && (m.Thread is null || TaskMeta.Read(m) is null)) Track(observed, seq, senders, shared, instances);
            return;
        }
        if (!m.Human) Posters(m.RoomId).Add(m.Sender);
        foreach (var tracked in _sent)
        {
            var s = tracked.Message;
            if (s.RoomId != m.RoomId || !tracked.Recipients.TryGetValue(m.Sender, out var r) || r.ActedAt is not null) continue;
            var answers = m.ReplyTo == s.EventId || m.Thread == s.EventId || (s.Thread is { } t && m.Thread == t && seq > tracked.Seq);
            if (!answers) continue;
            r.ActedAt = m.Ts;
            r.ActedEventId = m.EventId;
            r.ReadAt ??= m.Ts; // whoever answered it has read it, receipt or not
        }
    }

    /// <summary>A public read receipt in <paramref name="roomId"/>: everything up to its event (in its thread, if threaded) is read.</summary>
    public void ObserveReceipt(string roomId, ReadReceipt receipt, long nowMs)
    {
        if (!_order.TryGetValue(receipt.EventId, out var upTo)) return; // older than we remember, or not a message
        foreach (var tracked in _sent)
        {
            var s = tracked.Message;
            if (s.RoomId != roomId || tracked.Seq > upTo || !tracked.Recipients.TryGetValue(receipt.UserId, out var r) || r.ReadAt is not null) continue;
            var inScope = receipt.ThreadId switch
            {
                null => true,
                "main" => s.Thread is null,
                var thread => s.Thread == thread,
            };
            if (inScope) r.ReadAt = receipt.Ts is { } ts && ts > 0 ? ts : nowMs;
        }
    }

    /// <summary>
    /// A 👀 reaction: its sender's session was handed the message. Counts only from one of the message's recipients
    /// (a stranger's 👀 says nothing), and only the first: the state never goes backwards.
    /// </summary>
    public void ObserveDelivery(string roomId, DeliveryReaction reaction, long nowMs)
    {
        foreach (var tracked in _sent)
        {
            if (tracked.Message.EventId != reaction.TargetEventId) continue;
            if (tracked.Message.RoomId == roomId && tracked.Recipients.TryGetValue(reaction.UserId, out var r))
                r.DeliveredAt ??= reaction.Ts > 0 ? reaction.Ts : nowMs;
            return;
        }
    }

    /// <summary>The tracked sends, newest first, at most <paramref name="limit"/>; only those still pending when asked.</summary>
    public IReadOnlyList<SentMessage> Sent(bool pendingOnly, int limit, long nowMs)
    {
        var horizon = nowMs - (long)_window.TotalMilliseconds;
        var result = new List<SentMessage>();
        for (var node = _sent.Last; node is not null && result.Count < limit; node = node.Previous)
        {
            var t = node.Value;
            if (t.Message.Ts < horizon) break;
            var view = View(t);
            if (!pendingOnly || view.Pending) result.Add(view);
        }
        return result;
    }

    private void Track(Observed observed, long seq, SenderDirectory senders, bool shared, IReadOnlyList<InstanceInfo>? instances)
    {
        var m = observed.Message;
        var recipients = new Dictionary<string, ReceiptProgress>(StringComparer.Ordinal);
        IEnumerable<string> who = m.Mentions.Where(u => u != self).ToList();
        if (!who.Any())
        {
            who = _directPartner.TryGetValue(m.RoomId, out var partner) ? [partner]
                : m.Thread is { } thread ? ThreadRecipients(thread)
                : shared ? instances is null ? senders.Agents : senders.Agents.Where(a => instances.Any(i => i.UserId == a && i.AliveAt(m.Ts)))
                : _posters.TryGetValue(m.RoomId, out var posters) ? posters
                : [];
        }
        foreach (var user in who.Where(u => u != self).Distinct(StringComparer.Ordinal))
            recipients[user] = new ReceiptProgress { UserId = user, Instance = senders.InstanceOf(user) };
        var text = m.Text.Length > MaxText ? m.Text[..MaxText] + "…" : m.Text;
        _sent.AddLast(new Tracked
        {
            Seq = seq,
            Recipients = recipients,
            Message = new SentMessage
            {
                EventId = m.EventId, RoomId = m.RoomId, Room = m.Room, Kind = m.Kind, Text = text, Ts = m.Ts, Thread = m.Thread,
                State = ReceiptState.Stored, Pending = false, Recipients = [],
            },
        });
        while (_sent.Count > capacity) _sent.RemoveFirst();
    }

    /// <summary>Who else posted in the thread, as far as this book saw; else the root's sender.</summary>
    private IEnumerable<string> ThreadRecipients(string thread)
    {
        var others = _threadPosters.TryGetValue(thread, out var set) ? set.Where(u => u != self).ToList() : [];
        if (others.Count > 0) return others;
        return _rootSender.TryGetValue(thread, out var root) && root != self ? [root] : [];
    }

    private HashSet<string> ThreadPosters(string thread)
    {
        if (_threadPosters.TryGetValue(thread, out var set)) return set;
        _threadPosters[thread] = set = new HashSet<string>(StringComparer.Ordinal);
        _threadAge.Enqueue(thread);
        if (_threadAge.Count > MaxThreads) _threadPosters.Remove(_threadAge.Dequeue());
        return set;
    }

    private HashSet<string> Posters(string roomId)
    {
        if (!_posters.TryGetValue(roomId, out var set)) _posters[roomId] = set = new HashSet<string>(StringComparer.Ordinal);
        return set;
    }

    private static SentMessage View(Tracked t)
    {
        var goal = t.Message.Kind is MessageKind.Question or MessageKind.Task ? ReceiptState.Acted : ReceiptState.Read;
        var rows = t.Recipients.Values.OrderBy(r => r.UserId, StringComparer.Ordinal).Select(r => new RecipientReceipt
        {
            UserId = r.UserId,
            Instance = r.Instance,
            State = r.State,
            ReadAt = r.ReadAt,
            DeliveredAt = r.DeliveredAt,
            ActedAt = r.ActedAt,
            ActedEventId = r.ActedEventId,
        }).ToList();
        var least = rows.Count == 0 ? ReceiptState.Stored : rows.MinBy(r => ReceiptState.Rank(r.State))!.State;
        return t.Message with
        {
            State = least,
            Pending = rows.Any(r => ReceiptState.Rank(r.State) < ReceiptState.Rank(goal)),
            Recipients = rows,
        };
    }
}
