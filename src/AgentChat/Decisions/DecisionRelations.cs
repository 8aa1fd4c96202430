using AgentChat.Matrix;

namespace AgentChat.Decisions;

/// <summary>Every event relating to a poll (responses, reactions, its end), oldest first, read through the relations API.</summary>
public static class DecisionRelations
{
    /// <summary>At most this many: oldest first, so a flood after the first answer cannot hide it.</summary>
    public const int MaxEvents = 20_000;
    private const int PageSize = 1000;

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
