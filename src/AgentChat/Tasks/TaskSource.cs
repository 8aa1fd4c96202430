using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Registry;
using AgentChat.Verbs;

namespace AgentChat.Tasks;

/// <summary>
/// Reads what tasks and threads are derived from, straight from the homeserver, so the daemon and direct mode
/// see the same room: the room's recent history (newest <see cref="MaxScan"/> events), or one whole thread.
/// </summary>
public static class TaskSource
{
    public const int MaxScan = 5000;
    private const int PageSize = 250;

    /// <summary>The room's messages, oldest first, from the newest <paramref name="max"/> events.</summary>
    public static async Task<IReadOnlyList<ChatMessage>> ScanAsync(
        MatrixClient client, RoomId room, string? alias, SenderDirectory senders, int max, CancellationToken ct)
    {
        var events = new List<MatrixEvent>();
        string? from = null;
        while (events.Count < max)
        {
            var page = await client.GetMessagesAsync(room, from, Direction.Backward, Math.Min(PageSize, max - events.Count), ct: ct);
            events.AddRange(page.Chunk);
            if (page.Chunk.Count == 0 || page.End is null || page.End == from) break;
            from = page.End;
        }
        events.Reverse();
        return MessageParser.ParseAll(events, room, alias, senders).ToList();
    }

    /// <summary>A thread's root and every reply in it, oldest first; 404 <c>unknown_thread</c> when the root is not in the room.</summary>
    public static async Task<IReadOnlyList<ChatMessage>> ThreadAsync(
        MatrixClient client, RoomId room, string rootId, string? alias, SenderDirectory senders, CancellationToken ct)
    {
        if (!rootId.StartsWith('$')) throw VerbException.BadRequest("bad_event_id", "a thread or task id is an event id ($...)");
        var root = new EventId(rootId);
        MatrixEvent rootEvent;
        try
        {
            rootEvent = await client.GetEventAsync(room, root, ct);
        }
        catch (MatrixException e) when (e.ErrCode == MatrixErrorCodes.NotFound || e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw new VerbException(404, "unknown_thread", $"no event {rootId} in this room: `cchat task list` or `cchat threads` show the ids");
        }
        var replies = new List<MatrixEvent>();
        string? from = null;
        for (var page = 0; page < MaxScan / 100; page++)
        {
            var (events, next) = await client.GetRelationsAsync(room, root, "m.thread", from, 100, ct);
            replies.AddRange(events);
            if (next is null || events.Count == 0) break;
            from = next;
        }
        replies.Reverse();
        var messages = MessageParser.ParseAll([rootEvent, .. replies], room, alias, senders).ToList();
        // the relations API answers only this thread's events; a reply is kept only when it says so itself
        return messages.Where(m => m.EventId == rootId || m.Thread == rootId).ToList();
    }
}
