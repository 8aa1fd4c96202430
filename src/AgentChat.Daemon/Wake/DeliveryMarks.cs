using System.Threading.Channels;
using AgentChat.Messages;
using AgentChat.Messages.Wake;

namespace AgentChat.Daemon.Wake;

/// <summary>
/// The messages a hook or the channel handed to the session, each once (bounded memory, oldest forgotten first),
/// queued for <see cref="DeliveryReactionSender"/> to put the 👀 reaction on. Only what the session was shown in
/// full counts: a hand-over lists at most <see cref="WakeText.MaxListed"/> messages and counts the rest.
/// </summary>
internal sealed class DeliveryMarks
{
    private const int Remembered = 5000;
    private readonly Lock _lock = new();
    private readonly HashSet<string> _marked = new(StringComparer.Ordinal);
    private readonly Queue<string> _age = new();
    private readonly Channel<(string RoomId, string EventId)> _queue =
        Channel.CreateBounded<(string, string)>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public ChannelReader<(string RoomId, string EventId)> Queue => _queue.Reader;

    /// <summary>The hand-over of <paramref name="messages"/> (in the order the session was shown them).</summary>
    public void Handed(IReadOnlyList<ChatMessage> messages)
    {
        foreach (var m in messages.Take(WakeText.MaxListed))
        {
            bool fresh;
            lock (_lock) fresh = Mark(m.EventId);
            if (fresh) _queue.Writer.TryWrite((m.RoomId, m.EventId));
        }
    }

    /// <summary>
    /// A hand-over that leaves out what the session already has: of <paramref name="messages"/>, those that no hook and
    /// no channel push handed over before, marked as <see cref="Handed"/> marks them (the first
    /// <see cref="WakeText.MaxListed"/>, the ones written out in full). With the channel and the hooks both installed,
    /// this is what keeps one message from reaching the model twice.
    /// </summary>
    public IReadOnlyList<ChatMessage> Claim(IReadOnlyList<ChatMessage> messages)
    {
        var fresh = new List<ChatMessage>();
        var marked = new List<ChatMessage>();
        lock (_lock)
        {
            foreach (var m in messages)
            {
                if (_marked.Contains(m.EventId)) continue;
                fresh.Add(m);
                if (fresh.Count <= WakeText.MaxListed && Mark(m.EventId)) marked.Add(m);
            }
        }
        foreach (var m in marked) _queue.Writer.TryWrite((m.RoomId, m.EventId));
        return fresh;
    }

    private bool Mark(string eventId)
    {
        if (!_marked.Add(eventId)) return false;
        _age.Enqueue(eventId);
        if (_age.Count > Remembered) _marked.Remove(_age.Dequeue());
        return true;
    }
}
