using System.Text.Json;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Registry;
using AgentChat.Rooms;
using AgentChat.Verbs;
using AgentChat.Sync;

namespace AgentChat.Cli.Direct;

/// <summary>
/// Direct-REST read under the core's read rules: the unread messages after this account's <c>m.fully_read</c>
/// marker (then the marker and the <c>m.read</c> receipt move), or a peek after an event id. With a wait
/// and nothing to show, it long-polls /sync for the room. Senders are bound from the shared room's registry,
/// read once per page.
/// </summary>
internal sealed class DirectReader(
    MatrixClient client, UserId self, RoomId room, string? alias, Func<CancellationToken, Task<SenderDirectory>> senderDirectory, ReadRequest request, TimeProvider time)
{
    public async Task<ReadResponse> ReadAsync(CancellationToken ct)
    {
        string? syncToken = null;
        string? filter = null;
        if (request.Wait > TimeSpan.Zero)
        {
            // Take the sync position before reading history, so nothing arriving in between is missed.
            filter = SyncFilters.RoomMessagesJson(room, 1);
            syncToken = (await client.SyncAsync(null, TimeSpan.Zero, filter, ct: ct)).NextBatch;
        }

        var deadline = time.GetUtcNow() + request.Wait;
        while (true)
        {
            var page = request.Since is { } since ? await PeekAsync(since, ct) : await ReadUnreadAsync(ct);
            if (page.Messages.Count > 0 || syncToken is null) return page;
            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero) return page;
            var sync = await client.SyncAsync(syncToken, left, filter, ct: ct);
            syncToken = sync.NextBatch;
        }
    }

    private async Task<ReadResponse> ReadUnreadAsync(CancellationToken ct)
    {
        // Before its first read here, the agent's unread begins at its join: older messages are history, not unread.
        var marker = await JoinPoint.UnreadAfterAsync(client, room, self, ct);
        var unread = await HistoryReader.ReadAfterAsync(client, room, marker, request.ExamineLimit, alias, await senderDirectory(ct), ct);
        var selection = ReadRules.SelectUnread(unread, self, request);
        if (selection.LastEventId is { } last)
        {
            var id = new EventId(last);
            await client.SetReadMarkersAsync(room, id, id, ct);
        }
        return new ReadResponse(selection.Shown, selection.LastEventId ?? marker?.Value ?? ReadCursor.Start);
    }

    private async Task<ReadResponse> PeekAsync(ReadCursor since, CancellationToken ct)
    {
        if (since.Position is > 0)
            throw VerbException.BadRequest("bad_since",
                "a numeric cursor belongs to the daemon that served it; without a daemon, peek after an event id (the \"next\" of a read)");
        var after = since.EventId is { } id ? new EventId(id) : (EventId?)null;
        var seen = await HistoryReader.ReadAfterAsync(client, room, after, request.ExamineLimit, alias, await senderDirectory(ct), ct);
        var shown = seen.Where(m => request.Matches(m, self)).Take(request.Limit).ToList();
        var next = shown.Count == request.Limit ? shown[^1].EventId : seen.Count > 0 ? seen[^1].EventId : since.ToString();
        return new ReadResponse(shown, next);
    }
}
