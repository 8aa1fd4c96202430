using AgentChat.Matrix;

namespace AgentChat.Decisions;

/// <summary>Every event relating to a poll (responses, reactions, its end, its text line), oldest first, read through the relations API.</summary>
public static class DecisionRelations
{
    /// <summary>At most this many: oldest first, so a flood after the first answer cannot hide it.</summary>
    public const int MaxEvents = 20_000;
    private const int PageSize = 1000;

    /// <summary>
    /// The poll's relations and the reactions on the asker's text line for clients without polls (when there is one),
    /// merged in time order (each list keeps the server's order), and that line's id.
    /// </summary>
    public static async Task<(IReadOnlyList<MatrixEvent> Events, string? Companion)> ReadDecisionAsync(MatrixClient client, RoomId room, DecisionPoll poll, CancellationToken ct)
    {
        var own = await ReadAsync(client, room, poll.Id, ct);
        if (DecisionCompanion.Find(poll, own) is not { } companion) return (own, null);
        var reactions = (await ReadAsync(client, room, companion, ct)).Where(e => e.Type == EventTypes.Reaction).ToList();
        return (Merge(own, reactions), companion);
    }

    /// <summary>Two lists each in room order, as one by <c>origin_server_ts</c>; the poll's own events first on a tie.</summary>
    public static List<MatrixEvent> Merge(IReadOnlyList<MatrixEvent> first, IReadOnlyList<MatrixEvent> second)
    {
        var merged = new List<MatrixEvent>(first.Count + second.Count);
        int i = 0, j = 0;
        while (i < first.Count || j < second.Count)
            merged.Add(j >= second.Count || (i < first.Count && first[i].OriginServerTs <= second[j].OriginServerTs) ? first[i++] : second[j++]);
        return merged;
    }

    public static async Task<IReadOnlyList<MatrixEvent>> ReadAsync(MatrixClient client, RoomId room, string pollId, CancellationToken ct)
    {
        var events = new List<MatrixEvent>();
        string? from = null;
        while (events.Count < MaxEvents)
        {
            var (page, next) = await client.GetRelationsAsync(room, new EventId(pollId), null, from, PageSize, ct, forward: true);
            events.AddRange(page);
            if (next is null || page.Count == 0 || next == from) break;
            from = next;
        }
        return events;
    }
}
