using System.Text.Json;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Registry;

namespace AgentChat.Tasks;

/// <summary>
/// One room's share of the <see cref="TaskIndex"/>: the raw events that may open a task (a <c>[TASK]</c> or
/// <c>!task</c> message outside any thread) and every reply in their threads, in the order they arrived, once
/// each. Raw, so each read parses them with the room's current view of who is who, as a read of history would.
/// Not thread-safe: the index locks.
/// </summary>
internal sealed class TaskIndexRoom(int maxEvents)
{
    private readonly List<MatrixEvent> _events = [];
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly HashSet<string> _roots = new(StringComparer.Ordinal);

    public IReadOnlyList<MatrixEvent> Events => _events;

    public bool HasTask(string id) => _roots.Contains(id);

    public bool Holds(string eventId) => _ids.Contains(eventId);

    /// <summary>Keeps the events that belong to tasks, after those held; returns how many were kept.</summary>
    public int Add(IEnumerable<MatrixEvent> events)
    {
        var added = 0;
        foreach (var e in events)
        {
            if (e.Type != "m.room.message" || e.EventId?.Value is not { Length: > 0 } id || _ids.Contains(id)) continue;
            if (ThreadOf(e) is { } thread)
            {
                if (!_roots.Contains(thread)) continue;
            }
            else if (MayOpenTask(e)) _roots.Add(id);
            else continue;
            _ids.Add(id);
            _events.Add(e);
            added++;
        }
        if (_events.Count > maxEvents) Trim();
        return added;
    }

    /// <summary>Starts again from <paramref name="history"/> (oldest first); what arrived after it and it lacks stays after it.</summary>
    public void Reset(IEnumerable<MatrixEvent> history)
    {
        var later = _events.ToList();
        _events.Clear();
        _ids.Clear();
        _roots.Clear();
        Add(history);
        Add(later);
    }

    /// <summary>Over the bound: the oldest tasks go, with their threads (a stranger's flood cannot grow the index without end).</summary>
    private void Trim()
    {
        var keep = _events.Skip(_events.Count - maxEvents * 3 / 4).ToList();
        _events.Clear();
        _ids.Clear();
        _roots.Clear();
        Add(keep);
    }

    private static string? ThreadOf(MatrixEvent e) =>
        e.Content.ValueKind == JsonValueKind.Object && e.Content.TryGetProperty("m.relates_to", out var rel) && rel.ValueKind == JsonValueKind.Object
        && JsonFields.String(rel, "rel_type") == "m.thread" ? JsonFields.String(rel, "event_id") ?? "" : null;

    /// <summary>Loosely: the derivation decides with the directory whether it is a task; this only keeps what could be one.</summary>
    private static bool MayOpenTask(MatrixEvent e)
    {
        if (e.Content.ValueKind != JsonValueKind.Object) return false;
        var body = (JsonFields.String(e.Content, "body") ?? "").TrimStart();
        if (MessageKind.FromBody(body).Kind == MessageKind.Task || TaskRoot.IsHumanCommand(body)) return true;
        return e.Content.TryGetProperty(MessageComposer.MetaKey, out var meta) && meta.ValueKind == JsonValueKind.Object
               && (JsonFields.String(meta, "kind") == MessageKind.Task || meta.TryGetProperty(TaskMeta.Key, out _));
    }
}
