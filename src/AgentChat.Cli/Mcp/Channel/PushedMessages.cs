using AgentChat.Messages;

namespace AgentChat.Cli.Mcp.Channel;

/// <summary>
/// The messages this channel pushed, by event id (bounded, oldest forgotten first): the reply tool finds the
/// room and thread of the message it answers here, and knows which pushes an answer acknowledges.
/// </summary>
internal sealed class PushedMessages(int capacity = 2000)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ChatMessage> _byId = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public void Add(IEnumerable<ChatMessage> messages)
    {
        lock (_lock)
        {
            foreach (var m in messages)
            {
                if (!_byId.TryAdd(m.EventId, m)) continue;
                _order.Enqueue(m.EventId);
                if (_order.Count > capacity) _byId.Remove(_order.Dequeue());
            }
        }
    }

    public ChatMessage? Find(string eventId) { lock (_lock) return _byId.GetValueOrDefault(eventId); }

    /// <summary>The newest pushed message in <paramref name="roomId"/>, the one an answer there acknowledges through.</summary>
    public ChatMessage? NewestIn(string roomId)
    {
        lock (_lock) return _byId.Values.Where(m => m.RoomId == roomId).MaxBy(m => m.Ts);
    }
}
