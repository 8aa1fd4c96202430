using System.Diagnostics;
using AgentChat.Matrix;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Matrix;

public sealed class SyncTests
{
    private static readonly TimeSpan Timeout = MatrixTestRoom.Timeout;

    private static readonly SyncFilter MessagesOnly = new()
    {
        Room = new RoomFilter { Timeline = new RoomEventFilter { Types = ["m.room.message"], Limit = 5 }, State = new RoomEventFilter { Types = [] } },
        Presence = new EventFilter { Types = [] },
        AccountData = new EventFilter { Types = [] },
    };

    [Fact]
    public async Task Long_poll_returns_as_soon_as_another_user_sends()
    {
        var server = await SynapseServer.GetAsync();
        var reader = await server.CreateUserAsync("lp");
        var writer = await server.CreateUserAsync("lp");
        var room = await MatrixTestRoom.CreateAsync(writer, reader);
        var since = (await reader.Client.SyncAsync(null, TimeSpan.Zero).WaitAsync(Timeout)).NextBatch;

        var poll = Stopwatch.StartNew();
        var syncTask = reader.Client.SyncAsync(since, TimeSpan.FromSeconds(25));
        await Task.Delay(300);
        await MatrixTestRoom.SendTextAsync(writer.Client, room, "wake up");
        var sync = await syncTask.WaitAsync(Timeout);
        poll.Stop();

        Assert.Contains("wake up", MatrixTestRoom.Bodies(sync.Rooms!.Join![room].Timeline!.Events));
        // Woken by the event, not by the 25 s poll running out.
        Assert.True(poll.Elapsed < TimeSpan.FromSeconds(12), $"the long-poll took {poll.Elapsed}");
    }

    [Fact]
    public async Task Uploaded_filter_keeps_only_messages()
    {
        var server = await SynapseServer.GetAsync();
        var user = await server.CreateUserAsync("flt");
        var room = await MatrixTestRoom.CreateAsync(user);
        await MatrixTestRoom.SendTextAsync(user.Client, room, "kept");

        var filterId = await user.Client.UploadFilterAsync(user.UserId, MessagesOnly).WaitAsync(Timeout);
        var sync = await user.Client.SyncAsync(null, TimeSpan.Zero, filterId).WaitAsync(Timeout);

        var events = sync.Rooms!.Join![room].Timeline!.Events;
        Assert.All(events, e => Assert.Equal("m.room.message", e.Type));
        Assert.Contains("kept", MatrixTestRoom.Bodies(events));
    }

    [Fact]
    public async Task Limited_timeline_is_backfilled_from_messages_to_the_last_event_seen()
    {
        var server = await SynapseServer.GetAsync();
        var reader = await server.CreateUserAsync("lim");
        var writer = await server.CreateUserAsync("lim");
        var room = await MatrixTestRoom.CreateAsync(writer, reader);
        var lastSeen = await MatrixTestRoom.SendTextAsync(writer.Client, room, "seen");
        var filterId = await reader.Client.UploadFilterAsync(reader.UserId, MessagesOnly).WaitAsync(Timeout);
        var since = (await reader.Client.SyncAsync(null, TimeSpan.Zero, filterId).WaitAsync(Timeout)).NextBatch;

        var sent = Enumerable.Range(1, 20).Select(i => $"missed {i}").ToList();
        foreach (var text in sent) await MatrixTestRoom.SendTextAsync(writer.Client, room, text);

        var sync = await reader.Client.SyncAsync(since, TimeSpan.Zero, filterId).WaitAsync(Timeout);
        var timeline = sync.Rooms!.Join![room].Timeline!;
        Assert.True(timeline.Limited);

        var older = new List<MatrixEvent>();
        var from = timeline.PrevBatch;
        var reachedLastSeen = false;
        for (var page = 0; page < 10 && !reachedLastSeen; page++)
        {
            var chunk = await reader.Client.GetMessagesAsync(room, from, Direction.Backward, 7).WaitAsync(Timeout);
            foreach (var e in chunk.Chunk)
            {
                if (e.EventId == lastSeen) { reachedLastSeen = true; break; }
                older.Add(e);
            }
            from = chunk.End;
        }
        older.Reverse();
        var all = MatrixTestRoom.Bodies(older).Concat(MatrixTestRoom.Bodies(timeline.Events)).ToList();

        Assert.True(reachedLastSeen);
        Assert.Equal(sent, all);
    }
}
