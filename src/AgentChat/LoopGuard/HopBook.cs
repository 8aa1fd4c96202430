using AgentChat.Messages;

namespace AgentChat.LoopGuard;

/// <summary>
/// <c>meta.hops</c>: 0 for a new message, the parent's + 1 for a reply or a thread answer. The parent of a
/// reply is the message it replies to; of a thread answer without one, the thread's newest message known.
/// A human's message is hop 0: hops count an unbroken chain of agents. Not thread-safe: the caller holds a lock.
/// </summary>
public sealed class HopBook
{
    private const int MaxKept = 20_000;

    private readonly Dictionary<string, int> _hops = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _threadLatest = new(StringComparer.Ordinal);
    private readonly Queue<string> _age = new();

    public void Observe(Observed observed)
    {
        var m = observed.Message;
        var hops = m.Human ? 0 : observed.Hops ?? 0;
        if (_hops.TryAdd(m.EventId, hops))
        {
            _age.Enqueue(m.EventId);
            if (_age.Count > MaxKept) _hops.Remove(_age.Dequeue());
        }
        if (m.Thread is { } t) _threadLatest[t] = hops;
        if (_threadLatest.Count > MaxKept) _threadLatest.Clear();
    }

    public int? HopsOf(string eventId) => _hops.TryGetValue(eventId, out var h) ? h : null;

    /// <summary>Our own message, as soon as the homeserver took it (before /sync brings it back).</summary>
    public void Record(string eventId, string? thread, int hops)
    {
        if (_hops.TryAdd(eventId, hops)) _age.Enqueue(eventId);
        if (thread is not null) _threadLatest[thread] = hops;
    }

    /// <summary>
    /// The hops of a new message replying to <paramref name="replyTo"/> or answering in <paramref name="thread"/>;
    /// null when that parent is not known here (the caller looks it up).
    /// </summary>
    public int? Next(string? replyTo, string? thread)
    {
        if (replyTo is not null) return HopsOf(replyTo) + 1;
        if (thread is null) return 0;
        return (_threadLatest.TryGetValue(thread, out var latest) ? latest : HopsOf(thread)) + 1;
    }
}
