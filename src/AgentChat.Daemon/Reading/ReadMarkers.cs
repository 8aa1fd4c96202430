using System.Threading.Channels;
using AgentChat.Daemon.Presence;
using AgentChat.Matrix;

namespace AgentChat.Daemon.Reading;

/// <summary>
/// Where this instance has read up to, per room. The truth lives in Matrix (<c>m.fully_read</c> plus an
/// <c>m.read</c> receipt, so humans see it in Element); this keeps the buffer cursor for it and queues the
/// marker moves for <see cref="ReadMarkerSender"/>. What is marked read is what this agent consumed, so
/// its registry entry can say so (<see cref="PresenceState"/>).
/// </summary>
internal sealed class ReadMarkers(PresenceState presence)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<RoomId, RoomMarker> _rooms = [];
    private readonly Channel<(RoomId Room, EventId Event)> _moves = Channel.CreateUnbounded<(RoomId, EventId)>();

    /// <param name="Cursor">Buffer cursor of the last read message; 0 when none in the buffer.</param>
    /// <param name="HistoryFrom">Set while the last read message is older than the buffer: read history after it first.</param>
    /// <param name="LastRead">The last message read, to fall back on history when what followed it was evicted.</param>
    internal readonly record struct RoomMarker(long Cursor, EventId? HistoryFrom, EventId? LastRead = null);

    public ChannelReader<(RoomId Room, EventId Event)> Moves => _moves.Reader;

    public RoomMarker Get(RoomId room) { lock (_lock) return _rooms.GetValueOrDefault(room); }

    /// <summary>Sets what Matrix says at start: the marker's buffer cursor, or history mode when it is older than the buffer.</summary>
    public void Initialize(RoomId room, EventId? marker, long? cursorInBuffer)
    {
        lock (_lock)
        {
            _rooms[room] = marker is null ? new RoomMarker(0, null)
                : cursorInBuffer is { } c ? new RoomMarker(c, null, marker)
                : new RoomMarker(0, marker, marker);
        }
        if (marker is { } m) presence.ConsumedBefore(m.Value, cursorInBuffer ?? 0);
    }

    /// <summary>
    /// A room joined while running: its unread begins after <paramref name="start"/> (the core's
    /// <c>JoinPoint</c>), read from history first. A marker from an earlier membership (left, then invited back) gives way.
    /// </summary>
    public void StartAfter(RoomId room, EventId start)
    {
        lock (_lock) _rooms[room] = new RoomMarker(0, start, start);
    }

    /// <summary>The reader consumed up to <paramref name="eventId"/>; <paramref name="cursor"/> is 0 for a history message.</summary>
    public void MarkRead(RoomId room, EventId eventId, long cursor)
    {
        lock (_lock)
        {
            var current = _rooms.GetValueOrDefault(room);
            _rooms[room] = cursor > 0 ? new RoomMarker(Math.Max(cursor, current.Cursor), null, eventId) : current with { HistoryFrom = eventId, LastRead = eventId };
        }
        _moves.Writer.TryWrite((room, eventId));
        presence.Consumed(eventId.Value, cursor);
    }

    /// <summary>History holds nothing unread after the marker: continue from the buffer's end.</summary>
    public void CatchUp(RoomId room, long cursor)
    {
        lock (_lock) _rooms[room] = new RoomMarker(cursor, null);
    }
}
