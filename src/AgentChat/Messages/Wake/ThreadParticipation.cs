namespace AgentChat.Messages.Wake;

/// <summary>
/// The threads an agent started or posted in, and its own messages (a reply to one of them is addressed to
/// it). Learnt from the messages seen, own ones included; bounded, oldest forgotten first. Thread-safe.
/// </summary>
public sealed class ThreadParticipation(string self, int capacity = 4096)
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public void Observe(ChatMessage message)
    {
        if (message.Sender != self) return;
        lock (_lock)
        {
            Add(message.EventId);
            if (message.Thread is { } thread) Add(thread);
        }
    }

    public void ObserveAll(IEnumerable<ChatMessage> messages)
    {
        foreach (var m in messages) Observe(m);
    }

    public bool Contains(string eventId) { lock (_lock) return _ids.Contains(eventId); }

    private void Add(string id)
    {
        if (!_ids.Add(id)) return;
        _order.Enqueue(id);
        if (_order.Count > capacity) _ids.Remove(_order.Dequeue());
    }
}
