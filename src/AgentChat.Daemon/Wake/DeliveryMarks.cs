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
            lock (_lock)
            {
                if (!_marked.Add(m.EventId)) continue;
                _age.Enqueue(m.EventId);
                if (_age.Count > Remembered) _marked.Remove(_age.Dequeue());
            }
            _queue.Writer.TryWrite((m.RoomId, m.EventId));
        }
    }
}
