using AgentChat.Messages;
using AgentChat.Messages.Wake;

namespace AgentChat.Cli.Mcp.Channel;

/// <summary>
/// Decides per arriving message whether the channel pushes it: not seen before (a reconnect that replays
/// never pushes twice), not older than what the channel found at start, addressed to this agent (the core's
/// rule) and from an allowed sender. A refused sender is counted and logged. The floor is never later than the
/// clock at start: a timestamp is the sender's word, and one from the future must not silence every push.
/// </summary>
internal sealed class ChannelFilter(string self, SenderGate gate, Func<ChatMessage, CancellationToken, Task<bool>> isDirect, TextWriter log, string? instance = null,
    TimeProvider? time = null)
{
    private const int SeenCapacity = 10_000;

    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private long _floorTs;
    private long _dropped;

    public ThreadParticipation Threads { get; } = new(self);

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>What is already there when the channel starts: not pushed, but known (threads, duplicates).</summary>
    public void Seed(IEnumerable<ChatMessage> existing)
    {
        var now = (time ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var m in existing)
        {
            See(m.EventId);
            Threads.Observe(m);
            _floorTs = Math.Max(_floorTs, Math.Min(m.Ts, now));
        }
    }

    public async ValueTask<bool> AcceptAsync(ChatMessage m, CancellationToken ct)
    {
        if (!See(m.EventId)) return false;
        Threads.Observe(m);
        if (m.Ts < _floorTs) return false;
        if (!Addressing.IsAddressedTo(m, self, await isDirect(m, ct), Threads, instance)) return false;
        if (gate.Allows(m.Sender)) return true;
        var dropped = Interlocked.Increment(ref _dropped);
        await log.WriteLineAsync($"cchat mcp: channel: not pushed: {m.EventId} from {m.Sender}, not on this homeserver nor in {SenderGate.Variable} ({dropped} dropped so far)");
        return false;
    }

    private bool See(string eventId)
    {
        if (!_seen.Add(eventId)) return false;
        _order.Enqueue(eventId);
        if (_order.Count > SeenCapacity) _seen.Remove(_order.Dequeue());
        return true;
    }
}
