using AgentChat.Accounting;
using AgentChat.Daemon.Buffer;
using AgentChat.Daemon.Decisions;
using AgentChat.Daemon.Metrics;
using AgentChat.Daemon.Receipts;
using AgentChat.Daemon.Tasks;
using AgentChat.Hosting.Registry;
using AgentChat.Hosting.Rooms;
using AgentChat.Hosting.Sync;
using AgentChat.Matrix;
using AgentChat.Messages;
using Microsoft.Extensions.Logging;

namespace AgentChat.Daemon.Sync;

/// <summary>
/// Puts what a /sync brings into the buffer, in order and once. A <c>limited</c> timeline is first
/// backfilled from /messages back to the newest event already held, so a daemon that was away misses nothing.
/// The shared room's registry changes are applied first, so each message is bound to its sender as of its batch.
/// An event that cannot be read is logged once, counted and passed over; the batch and its token go on.
/// </summary>
internal sealed partial class TimelineProcessor(
    MatrixClient client, MessageBuffer buffer, FollowedRooms rooms, RegistryState registry, SyncHealth health, DaemonIdentity identity,
    DaemonMetrics metrics, ConversationWatch watch, TaskIndexFeed tasks, DecisionSignals decisions, ILogger<TimelineProcessor> logger)
{
    private const int MaxBackfillPages = 50;

    public async Task ProcessAsync(SyncResponse sync, bool initial, CancellationToken ct)
    {
        foreach (var (roomId, joined) in sync.Rooms?.Join ?? new Dictionary<RoomId, JoinedRoom>())
        {
            rooms.Follow(roomId);
            if (rooms.SharedRoomOrNull == roomId)
                registry.Apply([.. joined.State?.Events ?? [], .. joined.Timeline?.Events.Where(e => e.StateKey is not null) ?? []]);
            if (joined.Timeline is not { } timeline)
            {
                watch.ObserveEphemeral(roomId, joined.Ephemeral);
                continue;
            }
            var events = timeline.Events;
            // A gap only when none of the timeline is held yet.
            if (timeline.Limited && !initial && timeline.PrevBatch is not null && !events.Any(e => e.EventId is { } id && buffer.Contains(id.Value)))
                events = [.. await BackfillAsync(roomId, timeline.PrevBatch, ct), .. events];
            var messages = Parse(events, roomId).ToList();
            // Only this loop appends: what the buffer lacks now is what the append adds, counted once.
            var fresh = messages.Where(m => !buffer.Contains(m.EventId)).ToList();
            buffer.Append(fresh);
            Count(fresh, initial);
            watch.Observe(roomId, events, messages);
            watch.ObserveEphemeral(roomId, joined.Ephemeral);
            tasks.Observe(roomId, events);
            decisions.Observe(roomId, events);
        }
        foreach (var roomId in sync.Rooms?.Leave?.Keys ?? [])
        {
            rooms.Unfollow(roomId);
            tasks.Index.Forget(roomId);
        }
    }

    /// <summary>The newest page of history per room, oldest first: what the buffer starts with.</summary>
    public async Task RefillAsync(IEnumerable<RoomId> followed, CancellationToken ct)
    {
        var all = new List<ChatMessage>();
        foreach (var room in followed)
        {
            var page = await client.GetMessagesAsync(room, null, Direction.Backward, buffer.Capacity, ct: ct);
            var messages = Parse(page.Chunk.Reverse(), room).ToList();
            watch.Observe(room, page.Chunk, messages);
            all.AddRange(messages);
            decisions.Observe(room, page.Chunk.Reverse());
            await tasks.FillAsync(room, page, ct);
        }
        buffer.Append(all.OrderBy(m => m.Ts).TakeLast(buffer.Capacity));
        tasks.MarkReady();
    }

    /// <summary>
    /// Resuming from a stored token: the newest page of history per room into the conversation watch only (receipts,
    /// loop budgets, unanswered items survive a restart); the buffer gets what it missed from the backfill as before.
    /// </summary>
    public async Task SeedWatchAsync(IEnumerable<RoomId> followed, CancellationToken ct)
    {
        foreach (var room in followed)
        {
            var page = await client.GetMessagesAsync(room, null, Direction.Backward, buffer.Capacity, ct: ct);
            watch.Observe(room, page.Chunk, Parse(page.Chunk.Reverse(), room).ToList());
            decisions.Observe(room, page.Chunk.Reverse());
            await tasks.FillAsync(room, page, ct);
        }
        tasks.MarkReady();
    }

    /// <summary>Events between the last one held and <paramref name="prevBatch"/>, oldest first.</summary>
    private async Task<IReadOnlyList<MatrixEvent>> BackfillAsync(RoomId room, string prevBatch, CancellationToken ct)
    {
        var older = new List<MatrixEvent>();
        var from = prevBatch;
        for (var page = 0; page < MaxBackfillPages && from is not null; page++)
        {
            var chunk = await client.GetMessagesAsync(room, from, Direction.Backward, 100, ct: ct);
            foreach (var e in chunk.Chunk)
            {
                if (e.EventId is { } id && buffer.Contains(id.Value)) return Reversed(older);
                older.Add(e);
            }
            // more than the ring holds would only be evicted again; history serves the rest
            if (chunk.Chunk.Count == 0 || older.Count >= buffer.Capacity) break;
            from = chunk.End;
        }
        return Reversed(older);
    }

    private void Count(List<ChatMessage> fresh, bool initial)
    {
        if (fresh.Count == 0) return;
        foreach (var message in fresh)
        {
            var self = message.Sender == identity.UserId.Value;
            metrics.Received(message, self);
            // This agent's own bridge answers only: each daemon counts what its agent sent, so nothing is counted twice across daemons.
            // Not from a first sync without a stored token: that timeline is history, answers counted by an earlier run.
            if (self && !initial && AnswerCostReader.Read(message) is { } cost) metrics.AnswerCosts.Count(identity.Instance, cost);
        }
        var newest = fresh.Max(m => m.Ts);
        metrics.SyncLag.Set(Math.Max(0, metrics.Time.GetUtcNow().ToUnixTimeMilliseconds() - newest) / 1000.0);
    }

    private static List<MatrixEvent> Reversed(List<MatrixEvent> events)
    {
        events.Reverse();
        return events;
    }

    private IEnumerable<ChatMessage> Parse(IEnumerable<MatrixEvent> events, RoomId room) =>
        MessageParser.ParseAll(events, room, rooms.AliasOf(room), registry.Senders, Skip);

    private void Skip(MatrixEvent e, Exception error)
    {
        var id = e.EventId?.Value is { Length: > 0 } v ? v : "(no event id)";
        if (health.Skipped(id)) LogSkipped(logger, id, e.Type, error.GetType().Name, error.Message);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "skipped event {EventId} ({Type}): it cannot be read ({Error}: {Reason})")]
    private static partial void LogSkipped(ILogger logger, string eventId, string type, string error, string reason);
}
