using AgentChat.Messages;
using AgentChat.Tasks;

namespace AgentChat.Unanswered;

/// <summary>
/// Questions and tasks (from agents or humans, to someone or to the room; a human's <c>!task @x ...</c> too) that
/// nobody but their asker has answered: a reply to one, or any message in its thread from someone else, takes it
/// off the list. Only messages outside threads are items: a reply in a thread (a task's move, its confirmation)
/// never is, and answers only when someone other than the asker sent it.
/// Status messages (<c>m.notice</c>) are never items, but an agent's status in a task's thread (its
/// acknowledgement) does answer it. AgentChat's own notices do neither. Not thread-safe: the caller holds a lock.
/// </summary>
public sealed class UnansweredBook(int capacity = UnansweredBook.DefaultCapacity)
{
    public const int DefaultCapacity = 500;
    private const int MaxText = 160;

    private readonly LinkedList<UnansweredItem> _items = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _seenAge = new();

    /// <param name="observedAtMs">When this agent saw it: a sender's clock may say any time.</param>
    public void Observe(Observed observed, long observedAtMs)
    {
        var m = observed.Message;
        if (observed.NoticeTag is not null || !_seen.Add(m.EventId)) return;
        _seenAge.Enqueue(m.EventId);
        if (_seenAge.Count > capacity * 20) _seen.Remove(_seenAge.Dequeue());

        for (var node = _items.First; node is not null;)
        {
            var next = node.Next;
            var item = node.Value;
            if (item.RoomId == m.RoomId && item.Sender != m.Sender && (m.ReplyTo == item.EventId || m.Thread == item.EventId))
                _items.Remove(node);
            node = next;
        }
        // Only a thread's root is asked: a task's moves and its confirmation live in its thread and answer or ask nothing new.
        if (observed.Notice || m.Thread is not null) return;
        var humanTask = m.Human && TaskRoot.IsHumanCommand(m.Body);
        if (!humanTask && m.Kind is not (MessageKind.Question or MessageKind.Task)) return;
        _items.AddLast(new UnansweredItem
        {
            EventId = m.EventId,
            RoomId = m.RoomId,
            Room = m.Room,
            Sender = m.Sender,
            Instance = m.Instance,
            Human = m.Human,
            Kind = humanTask ? MessageKind.Task : m.Kind,
            Text = Shorten(m.Text),
            Ts = Math.Min(m.Ts, observedAtMs),
            To = m.Mentions.Take(10).ToList(),
            Link = Link(m.RoomId, m.EventId),
        });
        while (_items.Count > capacity) _items.RemoveFirst();
    }

    /// <summary>The items asked at least <paramref name="after"/> before <paramref name="nowMs"/>, oldest first.</summary>
    public IReadOnlyList<UnansweredItem> Due(long nowMs, TimeSpan after, string? roomId = null) =>
        _items.Where(i => (roomId is null || i.RoomId == roomId) && i.Ts + (long)after.TotalMilliseconds <= nowMs).ToList();

    public static string Link(string roomId, string eventId) =>
        $"https://matrix.to/#/{Uri.EscapeDataString(roomId)}/{Uri.EscapeDataString(eventId)}";

    private static string Shorten(string text)
    {
        var line = string.Join(' ', text.Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length > MaxText ? line[..MaxText] + "…" : line;
    }
}
