using AgentChat.Daemon.Buffer;
using AgentChat.Daemon.Hosting;
using AgentChat.Daemon.Rooms;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Messages;
using Microsoft.Extensions.Hosting;

namespace AgentChat.Daemon.Reading;

/// <summary>
/// Serves /read. With a cursor it peeks at the buffer. Without one it returns this instance's unread
/// messages — from history first when the read marker is older than the buffer — and moves the marker.
/// With a wait it long-polls on the buffer's change signal.
/// </summary>
internal sealed class MessageReader(
    MatrixClient client, MessageBuffer buffer, ReadMarkers markers, FollowedRooms rooms, DaemonIdentity identity, IHostApplicationLifetime lifetime, TimeProvider time)
{
    public async Task<ReadResponse> ReadAsync(ReadQuery query, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + query.Wait;
        while (true)
        {
            var changed = buffer.Changed;
            var response = query.Since is { } since ? Peek(since, query) : await ReadUnreadAsync(query, ct);
            var remaining = deadline - time.GetUtcNow();
            if (response.Messages.Count > 0 || remaining <= TimeSpan.Zero || lifetime.ApplicationStopping.IsCancellationRequested) return response;
            // A stopping daemon ends the wait at once with what it has, so a stop never waits on parked readers.
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping);
            try
            {
                await changed.WaitAsync(remaining, time, waiting.Token);
            }
            catch (TimeoutException)
            {
                return response;
            }
            catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                return response;
            }
        }
    }

    private ReadResponse Peek(long since, ReadQuery query)
    {
        var slice = buffer.After(since, m => query.Matches(m, identity.UserId), query.Limit);
        var next = slice.Messages.Count > 0 ? slice.Messages[^1].Cursor : Math.Max(since, slice.Latest);
        return new ReadResponse(slice.Messages, next.ToString(System.Globalization.CultureInfo.InvariantCulture), slice.Gap ? true : null);
    }

    private async Task<ReadResponse> ReadUnreadAsync(ReadQuery query, CancellationToken ct)
    {
        var targets = query.Room is { } r ? [r] : rooms.All;
        var result = new List<ChatMessage>();
        var fromCursor = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var room in targets)
        {
            var marker = markers.Get(room);
            // Messages after the last one read were evicted before anyone read them (a burst, a backfill): history has them.
            var historyFrom = marker.HistoryFrom
                              ?? (marker.Cursor > 0 && marker.Cursor < buffer.EvictedThrough ? marker.LastRead : null);
            fromCursor[room.Value] = historyFrom is { } from && result.Count < query.Limit
                ? await ReadHistoryAsync(room, from, query, result, ct)
                : marker.Cursor;
        }

        if (result.Count < query.Limit)
        {
            var slice = buffer.After(0, m => m.Sender != identity.UserId.Value && fromCursor.TryGetValue(m.RoomId, out var c) && m.Cursor > c
                                             && query.Matches(m, identity.UserId), query.Limit - result.Count);
            result.AddRange(slice.Messages);
        }

        foreach (var last in result.GroupBy(m => m.RoomId).Select(g => g.Last()))
            markers.MarkRead(new RoomId(last.RoomId), new EventId(last.EventId), last.Cursor);
        var next = result.Count > 0 && result[^1].Cursor > 0 ? result[^1].Cursor : buffer.LatestCursor;
        return new ReadResponse(result, next.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Adds the unread history older than the buffer; returns the buffer cursor to continue from.</summary>
    private async Task<long> ReadHistoryAsync(RoomId room, EventId from, ReadQuery query, List<ChatMessage> result, CancellationToken ct)
    {
        var want = query.Limit - result.Count;
        var history = await HistoryReader.ReadAfterAsync(client, room, from, want, rooms.AliasOf(room), ct);
        foreach (var message in history)
        {
            if (buffer.CursorOf(message.EventId) is { } inBuffer) return inBuffer - 1;
            if (message.Sender != identity.UserId.Value && query.Matches(message, identity.UserId)) result.Add(message);
        }
        // History ran out before reaching the buffer: the marker was at the end, nothing older is unread.
        if (history.Count >= want) return long.MaxValue;
        var latest = buffer.LatestCursor;
        if (history.Count == 0) markers.CatchUp(room, latest);
        return latest;
    }
}
