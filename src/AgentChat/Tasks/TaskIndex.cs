using AgentChat.Matrix;

namespace AgentChat.Tasks;

/// <summary>
/// What task lists are derived from, kept up to date from the timeline instead of read again per call: per room,
/// the events that may open a task and the replies in their threads, in arrival order. Filled from history at
/// start (<see cref="Reset"/>), then fed every sync batch (<see cref="Observe"/>); a restart builds it again.
/// Pure state, no I/O; thread-safe.
/// </summary>
public sealed class TaskIndex(int maxEventsPerRoom = TaskIndex.DefaultMaxEvents)
{
    public const int DefaultMaxEvents = 20_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<RoomId, TaskIndexRoom> _rooms = [];

    /// <summary>A timeline batch of <paramref name="room"/>, in order; events already held are passed over.</summary>
    public void Observe(RoomId room, IEnumerable<MatrixEvent> events)
    {
        lock (_lock) RoomOf(room).Add(events);
    }

    /// <summary>The room as its history reads (oldest first), then what the timeline brought that the history lacks.</summary>
    public void Reset(RoomId room, IEnumerable<MatrixEvent> history)
    {
        lock (_lock) RoomOf(room).Reset(history);
    }

    public void Forget(RoomId room)
    {
        lock (_lock) _rooms.Remove(room);
    }

    /// <summary>The room's task events, oldest first: a copy, for a derivation outside the lock.</summary>
    public IReadOnlyList<MatrixEvent> EventsOf(RoomId room)
    {
        lock (_lock) return _rooms.TryGetValue(room, out var r) ? r.Events.ToList() : [];
    }

    /// <summary>Whether the index holds event <paramref name="eventId"/> of <paramref name="room"/>.</summary>
    public bool Holds(RoomId room, string eventId)
    {
        lock (_lock) return _rooms.TryGetValue(room, out var r) && r.Holds(eventId);
    }

    /// <summary>The room a task id was opened in, when the index holds it.</summary>
    public RoomId? RoomOfTask(string taskId)
    {
        lock (_lock)
        {
            foreach (var (room, r) in _rooms)
                if (r.HasTask(taskId)) return room;
            return null;
        }
    }

    private TaskIndexRoom RoomOf(RoomId room)
    {
        if (!_rooms.TryGetValue(room, out var r)) _rooms[room] = r = new TaskIndexRoom(maxEventsPerRoom);
        return r;
    }
}
