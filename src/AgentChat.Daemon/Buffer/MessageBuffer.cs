using AgentChat.Messages;

namespace AgentChat.Daemon.Buffer;

/// <summary>
/// The last N messages, in arrival order, deduplicated by event id. Cursors strictly increase, also across
/// restarts (they start from the wall clock), so a cursor from an earlier run reads as a gap, never as new.
/// Readers wait on <see cref="Changed"/>: it completes the moment a message lands, with no polling.
/// </summary>
internal sealed class MessageBuffer
{
    private readonly Lock _lock = new();
    private readonly ChatMessage[] _ring;
    private readonly Dictionary<string, long> _cursorByEventId = new(StringComparer.Ordinal);
    private int _start;
    private int _count;
    private long _nextCursor;
    private long _lastEvicted;
    private bool _evictedAny;
    private TaskCompletionSource _changed = NewSignal();

    public MessageBuffer(int capacity, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new ChatMessage[capacity];
        _nextCursor = time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        _lastEvicted = _nextCursor - 1; // everything before this run counts as gone
    }

    public int Capacity => _ring.Length;

    public int Count { get { lock (_lock) return _count; } }

    /// <summary>Completes when the next message is appended; take it before reading, then await it.</summary>
    public Task Changed { get { lock (_lock) return _changed.Task; } }

    /// <summary>The newest cursor handed out (or just below the first one).</summary>
    public long LatestCursor { get { lock (_lock) return _nextCursor - 1; } }

    /// <summary>The cursor of the newest message evicted (below the first cursor of this run when none was).</summary>
    public long EvictedThrough { get { lock (_lock) return _lastEvicted; } }

    public bool Contains(string eventId) { lock (_lock) return _cursorByEventId.ContainsKey(eventId); }

    public long? CursorOf(string eventId) { lock (_lock) return _cursorByEventId.TryGetValue(eventId, out var c) ? c : null; }

    /// <summary>The event id of the newest message at or before <paramref name="cursor"/> still held, or null.</summary>
    public string? EventIdAt(long cursor)
    {
        lock (_lock)
        {
            for (var i = _count - 1; i >= 0; i--)
            {
                var message = _ring[(_start + i) % _ring.Length];
                if (message.Cursor <= cursor) return message.EventId;
            }
            return null;
        }
    }

    /// <summary>Appends the messages not already held, in order; wakes readers once. Returns how many were new.</summary>
    public int Append(IEnumerable<ChatMessage> messages)
    {
        TaskCompletionSource? wake = null;
        var added = 0;
        lock (_lock)
        {
            foreach (var message in messages)
            {
                if (_cursorByEventId.ContainsKey(message.EventId)) continue;
                var cursor = _nextCursor++;
                if (_count == _ring.Length)
                {
                    var evicted = _ring[_start];
                    _cursorByEventId.Remove(evicted.EventId);
                    _lastEvicted = evicted.Cursor;
                    _evictedAny = true;
                    _start = (_start + 1) % _ring.Length;
                    _count--;
                }
                _ring[(_start + _count) % _ring.Length] = message with { Cursor = cursor };
                _count++;
                _cursorByEventId[message.EventId] = cursor;
                added++;
            }
            if (added > 0)
            {
                wake = _changed;
                _changed = NewSignal();
            }
        }
        wake?.TrySetResult();
        return added;
    }

    /// <summary>
    /// Messages after <paramref name="since"/> that pass <paramref name="filter"/>, oldest first, at most
    /// <paramref name="limit"/>. <c>Gap</c> is true when messages after <paramref name="since"/> were already evicted.
    /// </summary>
    public BufferSlice After(long since, Func<ChatMessage, bool> filter, int limit)
    {
        var result = new List<ChatMessage>();
        lock (_lock)
        {
            for (var i = 0; i < _count && result.Count < limit; i++)
            {
                var message = _ring[(_start + i) % _ring.Length];
                if (message.Cursor > since && filter(message)) result.Add(message);
            }
            var gap = since > 0 ? since < _lastEvicted : _evictedAny; // since=0: from the start of this run
            return new BufferSlice(result, gap, _nextCursor - 1);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
