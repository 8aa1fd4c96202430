using AgentChat.Matrix;
using AgentChat.Registry;

namespace AgentChat.Messages;

/// <summary>Reads messages from the Matrix history API: what came after a read marker, or the latest few.</summary>
public static class HistoryReader
{
    /// <summary>
    /// Up to <paramref name="limit"/> messages after <paramref name="after"/>, oldest first; without a marker,
    /// the latest <paramref name="limit"/>. Senders are bound through <paramref name="senders"/>; an event
    /// that cannot be read is left out, never the page.
    /// </summary>
    public static async Task<IReadOnlyList<ChatMessage>> ReadAfterAsync(
        MatrixClient client, RoomId room, EventId? after, int limit, string? roomAlias, SenderDirectory senders, CancellationToken ct)
    {
        var result = new List<ChatMessage>();
        if (after is null)
        {
            var latest = await client.GetMessagesAsync(room, null, Direction.Backward, limit, ct: ct);
            result.AddRange(MessageParser.ParseAll(latest.Chunk.Reverse(), room, roomAlias, senders));
            return result;
        }

        var context = await client.GetContextAsync(room, after.Value, 0, ct);
        var from = context.End;
        for (var page = 0; page < 20 && result.Count < limit && from is not null; page++)
        {
            var chunk = await client.GetMessagesAsync(room, from, Direction.Forward, Math.Min(100, limit - result.Count + 10), ct: ct);
            if (chunk.Chunk.Count == 0) break;
            foreach (var message in MessageParser.ParseAll(chunk.Chunk, room, roomAlias, senders))
            {
                if (result.Count == limit) break;
                result.Add(message);
            }
            from = chunk.End;
        }
        return result;
    }
}
