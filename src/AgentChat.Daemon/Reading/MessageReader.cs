using AgentChat.Daemon.Buffer;
using AgentChat.Daemon.Registry;
using AgentChat.Daemon.Rooms;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Verbs;
using Microsoft.Extensions.Hosting;
using AgentChat.Hosting.Rooms;
using AgentChat.Hosting.Registry;

namespace AgentChat.Daemon.Reading;

/// <summary>
/// Serves /read. With a cursor it peeks at the buffer. Without one it returns this instance's unread
/// messages — from history first when the read marker is older than the buffer — and moves the marker by
/// the core's unread rule. With a wait it long-polls on the buffer's change signal.
/// </summary>
internal sealed class MessageReader(
    MatrixClient client, MessageBuffer buffer, ReadMarkers markers, FollowedRooms rooms, RegistryState registry, DaemonIdentity identity,
    IHostApplicationLifetime lifetime, TimeProvider time)
{
    public async Task<ReadResponse> ReadAsync(ReadRequest request, RoomId? room, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + request.Wait;
        while (true)
        {
            var changed = buffer.Changed;
            var response = request.Since is { } since ? Peek(since, request, room) : await ReadUnreadAsync(request, room, ct);
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

    private ReadResponse Peek(ReadCursor since, ReadRequest request, RoomId? room)
    {
        var from = since.Position ?? 0;
        var olderThanBuffer = false;
        if (since.EventId is { } eventId)
        {
            if (buffer.CursorOf(eventId) is { } cursor) from = cursor;
            else olderThanBuffer = true; // not held (evicted, or never seen here): everything held, flagged as a gap
        }
        var slice = buffer.After(from, m => InRoom(m, room) && request.Matches(m, identity.UserId), request.Limit);
        var next = slice.Messages.Count > 0 ? slice.Messages[^1].EventId : buffer.EventIdAt(Math.Max(from, slice.Latest)) ?? since.ToString();
        return new ReadResponse(slice.Messages, next, slice.Gap || olderThanBuffer ? true : null);
    }

    private async Task<ReadResponse> ReadUnreadAsync(ReadRequest request, RoomId? room, CancellationToken ct)
    {
        var want = request.ExamineLimit;
        var unread = new List<ChatMessage>();
        var fromCursor = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var target in room is { } r ? [r] : rooms.All)
        {
            var marker = markers.Get(target);
            // Messages after the last one read were evicted before anyone read them (a burst, a backfill): history has them.
            var historyFrom = marker.HistoryFrom
                              ?? (marker.Cursor > 0 && marker.Cursor < buffer.EvictedThrough ? marker.LastRead : null);
            fromCursor[target.Value] = historyFrom is { } from && unread.Count < want
                ? await ReadHistoryAsync(target, from, want - unread.Count, unread, ct)
                : marker.Cursor;
        }
        if (unread.Count < want)
            unread.AddRange(buffer.After(0, m => fromCursor.TryGetValue(m.RoomId, out var c) && m.Cursor > c, want - unread.Count).Messages);

        var selection = ReadRules.SelectUnread(unread, identity.UserId, request);
        foreach (var (roomId, last) in selection.ReadThrough)
            markers.MarkRead(new RoomId(roomId), new EventId(last.EventId), last.Cursor);
        var next = selection.LastEventId ?? buffer.EventIdAt(buffer.LatestCursor) ?? ReadCursor.Start;
        return new ReadResponse(selection.Shown, next);
    }

    /// <summary>Adds the unread history older than the buffer; returns the buffer cursor to continue from.</summary>
    private async Task<long> ReadHistoryAsync(RoomId room, EventId from, int want, List<ChatMessage> unread, CancellationToken ct)
    {
        var history = await HistoryReader.ReadAfterAsync(client, room, from, want, rooms.AliasOf(room), registry.Senders, ct);
        foreach (var message in history)
        {
            if (buffer.CursorOf(message.EventId) is { } inBuffer) return inBuffer - 1;
            unread.Add(message);
        }
        // History ran out before reaching the buffer: the marker was at the end, nothing older is unread.
        if (history.Count >= want) return long.MaxValue;
        var latest = buffer.LatestCursor;
        if (history.Count == 0) markers.CatchUp(room, latest);
        return latest;
    }

    private static bool InRoom(ChatMessage message, RoomId? room) => room is null || message.RoomId == room.Value.Value;
}
