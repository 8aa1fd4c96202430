using System.Text.Json;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Registry;

namespace AgentChat.Bridge.Work;

/// <summary>
/// Which messages the bridge has answered: its own messages carrying <c>meta.bridge.answers</c>, seen in the feed,
/// the start-up scan or sent by this process; and, before each run, the answer's thread read from the homeserver
/// (the relations API), so a restart after a kill never answers twice what it answered before. Bounded.
/// </summary>
internal sealed class AnswerLedger(MatrixClient client, string self, int capacity = 50_000)
{
    private const int MaxPages = 10;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, bool> _answered = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>Notes the source a message of the bridge's answers, if it is one.</summary>
    public void Observe(ChatMessage m)
    {
        if (m.Sender == self && AnswerOf(m) is { } source) Add(source, !HasError(m));
    }

    /// <summary>Notes <paramref name="source"/> answered; <paramref name="succeeded"/> false for a "could not answer".</summary>
    public void Add(string source, bool succeeded)
    {
        lock (_lock)
        {
            if (!_answered.TryAdd(source, succeeded)) return;
            _order.Enqueue(source);
            if (_order.Count > capacity) _answered.Remove(_order.Dequeue());
        }
    }

    public bool Known(string source) { lock (_lock) return _answered.ContainsKey(source); }

    /// <summary>Whether the known answer to <paramref name="source"/> is an answer, not a failure.</summary>
    public bool Succeeded(string source) { lock (_lock) return _answered.GetValueOrDefault(source); }

    /// <summary>Known, or an answer to it is in its thread on the homeserver.</summary>
    public async Task<bool> IsAnsweredAsync(WorkItem item, CancellationToken ct)
    {
        if (Known(item.Id)) return true;
        string? from = null;
        var room = new RoomId(item.Source.RoomId);
        for (var page = 0; page < MaxPages; page++)
        {
            var (events, next) = await client.GetRelationsAsync(room, new EventId(item.ThreadKey), "m.thread", from, 100, ct);
            foreach (var m in MessageParser.ParseAll(events, room, null, SenderDirectory.Empty))
                Observe(m);
            if (Known(item.Id)) return true;
            if (next is null) return false;
            from = next;
        }
        return false;
    }

    public static string? AnswerOf(ChatMessage m) =>
        Bridge(m) is { } b && b.TryGetProperty("answers", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;

    private static bool HasError(ChatMessage m) =>
        Bridge(m) is { } b && b.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String;

    private static JsonElement? Bridge(ChatMessage m) =>
        m.Meta is { ValueKind: JsonValueKind.Object } meta && meta.TryGetProperty("bridge", out var b) && b.ValueKind == JsonValueKind.Object ? b : null;
}
