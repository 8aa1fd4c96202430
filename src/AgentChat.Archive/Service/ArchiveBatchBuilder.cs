using System.Text.Json;
using AgentChat.Archive.Store;
using AgentChat.Hosting.Registry;
using AgentChat.Hosting.Rooms;
using AgentChat.Hosting.Sync;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Registry;
using Microsoft.Extensions.Logging;
using AgentChat.Sync;

namespace AgentChat.Archive.Service;

/// <summary>
/// Turns one /sync into rows: messages, the shared room's registry changes and receipts. A <c>limited</c>
/// timeline (first start, a new room, a long outage) is paged back through /messages until an event the
/// archive already holds, or the room's beginning, so nothing between two syncs is missed.
/// </summary>
internal sealed partial class ArchiveBatchBuilder(
    MatrixClient client, ArchiveStore store, ArchiveOptions options, FollowedRooms rooms, RegistryState registry, SyncHealth health, ArchiveStats stats,
    ILogger<ArchiveBatchBuilder> logger)
{
    private const int PageSize = 100;

    private static readonly string HistoryFilter = SyncFilters.AgentHistoryJson();

    public async Task<ArchiveBatch> BuildAsync(SyncResponse sync, CancellationToken ct)
    {
        var batch = new ArchiveBatch();
        foreach (var (roomId, joined) in sync.Rooms?.Join ?? new Dictionary<RoomId, JoinedRoom>())
        {
            rooms.Follow(roomId);
            var shared = rooms.SharedRoomOrNull == roomId;
            var timeline = joined.Timeline?.Events ?? [];
            var state = joined.State?.Events ?? [];
            if (shared) registry.Apply([.. state, .. timeline.Where(e => e.StateKey is not null)]);
            IReadOnlyList<MatrixEvent> events = timeline;
            if (joined.Timeline is { Limited: true, PrevBatch: { } prev })
                events = [.. await BackfillAsync(roomId, prev, timeline, ct), .. timeline];
            if (shared)
                batch.Registry.AddRange(state.Concat(events).Select(e => Guarded(e, () => ArchiveEvents.Registry(e, roomId))).OfType<RegistryRow>());
            var messages = MessageParser.ParseAll(events, roomId, rooms.AliasOf(roomId), registry.Senders, Skip).ToList();
            batch.Messages.AddRange(messages);
            batch.Answers.AddRange(messages.Select(AnswerRow.Of).OfType<AnswerRow>());
            foreach (var e in joined.Ephemeral?.Events ?? [])
                batch.Receipts.AddRange(Guarded(e, () => ArchiveEvents.Receipts(e, roomId).ToList()) ?? []);
        }
        foreach (var roomId in sync.Rooms?.Leave?.Keys ?? []) rooms.Unfollow(roomId);
        return batch;
    }

    /// <summary>The events before <paramref name="timeline"/> that the archive does not hold yet, oldest first.</summary>
    private async Task<List<MatrixEvent>> BackfillAsync(RoomId room, string prevBatch, IReadOnlyList<MatrixEvent> timeline, CancellationToken ct)
    {
        var timelineIds = timeline.Select(e => e.EventId?.Value).OfType<string>().ToList();
        // Part of this timeline already archived: the gap is closed, nothing to page.
        if ((await store.KnownAsync(timelineIds, ct)).Count > 0) return [];
        var older = new List<MatrixEvent>();
        string? from = prevBatch;
        for (var page = 0; page < options.MaxBackfillPages && from is not null; page++)
        {
            var chunk = await client.GetMessagesAsync(room, from, Direction.Backward, PageSize, filterJson: HistoryFilter, ct: ct);
            var ids = chunk.Chunk.Select(e => e.EventId?.Value).OfType<string>().ToList();
            var known = await store.KnownAsync(ids, ct);
            foreach (var e in chunk.Chunk)
            {
                if (e.EventId?.Value is { } id && known.Contains(id)) return Reversed(older, room);
                older.Add(e);
            }
            if (chunk.Chunk.Count == 0 || chunk.End == from) break;
            from = chunk.End;
        }
        return Reversed(older, room);
    }

    private List<MatrixEvent> Reversed(List<MatrixEvent> events, RoomId room)
    {
        events.Reverse();
        if (events.Count > 0) LogBackfilled(logger, events.Count, room.Value);
        return events;
    }

    private T? Guarded<T>(MatrixEvent e, Func<T?> read) where T : class
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Skip(e, ex);
            return null;
        }
    }

    private void Skip(MatrixEvent e, Exception error)
    {
        var id = e.EventId?.Value is { Length: > 0 } v ? v : "(no event id)";
        if (!health.Skipped(id)) return;
        stats.Skipped();
        LogSkipped(logger, id, e.Type, error.GetType().Name, error.Message);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "backfilled {Count} events of {Room} from history")]
    private static partial void LogBackfilled(ILogger logger, int count, string room);

    [LoggerMessage(Level = LogLevel.Warning, Message = "skipped event {EventId} ({Type}): it cannot be read ({Error}: {Reason})")]
    private static partial void LogSkipped(ILogger logger, string eventId, string type, string error, string reason);
}
