using System.Text.Json;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Registry;

namespace AgentChat.Cli.Agent;

/// <summary>
/// Direct-REST read: the messages after this account's <c>m.fully_read</c> marker, then the marker (and the
/// <c>m.read</c> receipt) moves past them. With a wait and nothing unread, it long-polls /sync for the room.
/// Senders are bound from the shared room's registry, read once per page.
/// </summary>
internal sealed class UnreadReader(
    MatrixClient client, UserId self, RoomId room, string? alias, Func<CancellationToken, Task<SenderDirectory>> senderDirectory, ReadArgs args, TimeProvider time)
{
    public const int DefaultLimit = 50;

    public async Task<ReadResponse> ReadAsync(CancellationToken ct)
    {
        var wait = TimeSpan.FromSeconds(Math.Clamp(args.WaitSeconds ?? 0, 0, 3600));
        string? syncToken = null;
        string? filter = null;
        if (wait > TimeSpan.Zero)
        {
            // Take the sync position before reading history, so nothing arriving in between is missed.
            filter = JsonSerializer.Serialize(RoomOnlyFilter(), MatrixJsonContext.Default.SyncFilter);
            syncToken = (await client.SyncAsync(null, TimeSpan.Zero, filter, ct: ct)).NextBatch;
        }

        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            var page = await ReadUnreadAsync(ct);
            if (page.Messages.Count > 0 || syncToken is null) return page;
            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero) return page;
            var sync = await client.SyncAsync(syncToken, left, filter, ct: ct);
            syncToken = sync.NextBatch;
        }
    }

    private async Task<ReadResponse> ReadUnreadAsync(CancellationToken ct)
    {
        var limit = Math.Clamp(args.Limit ?? DefaultLimit, 1, 1000);
        var marker = await client.GetFullyReadAsync(self, room, ct);
        var senders = await senderDirectory(ct);
        var messages = await HistoryReader.ReadAfterAsync(client, room, marker, limit, alias, senders, ct);
        if (messages.Count == 0) return new ReadResponse([], marker?.Value ?? "");

        var last = new EventId(messages[^1].EventId);
        await client.SetReadMarkersAsync(room, last, last, ct);
        var shown = messages.Where(m => m.Sender != self.Value)
            .Where(m => args.Kind is null || m.Kind == args.Kind)
            .Where(m => !args.MentionsOnly || m.Mentions.Contains(self.Value))
            .ToList();
        return new ReadResponse(shown, last.Value);
    }

    private SyncFilter RoomOnlyFilter() => new()
    {
        Room = new RoomFilter
        {
            Rooms = [room.Value],
            Timeline = new RoomEventFilter { Limit = 1, Types = ["m.room.message"] },
            State = new RoomEventFilter { Types = [] },
            Ephemeral = new RoomEventFilter { Types = [] },
            AccountData = new RoomEventFilter { Types = [] },
        },
        Presence = new EventFilter { Types = [] },
        AccountData = new EventFilter { Types = [] },
    };
}
