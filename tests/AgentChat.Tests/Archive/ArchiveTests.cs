using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Archive;

public sealed class ArchiveTests
{
    private static readonly TimeSpan Catchup = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task After_a_PostgreSQL_restart_a_homeserver_outage_and_an_archive_restart_the_archive_holds_exactly_the_rooms_messages()
    {
        var pg = await PostgresServer.StartDedicatedAsync();
        var server = await SynapseServer.StartDedicatedAsync();
        var db = await pg.CreateDatabaseAsync("arc");
        var owner = await server.CreateUserAsync("own");
        var reader = await server.CreateUserAsync("arch");
        var (room, alias) = await SharedRoom.CreateAsync(server, owner, reader);
        var sent = new List<string>();
        async Task SendSome(string label)
        {
            for (var i = 0; i < 5; i++) sent.Add(await TestArchive.SendAsync(owner, room, $"{label} message {i}"));
        }
        async Task WaitArchived()
        {
            await Eventually.WaitAsync(async () =>
            {
                try
                {
                    return (await TestArchive.ArchivedIdsAsync(pg, db, room.Value)).Count >= sent.Count ? "ok" : null;
                }
                catch (InvalidOperationException)
                {
                    return null; // PostgreSQL still starting
                }
            }, Catchup, $"{sent.Count} messages archived");
        }

        await SendSome("before the archive"); // backfilled on first start
        var stateDir = Path.Combine(Path.GetTempPath(), "agentchat-tests", "archive-" + Guid.NewGuid().ToString("N")[..10]);
        await using (var archive = await TestArchive.StartAsync(server, reader, alias, db, stateDir))
        {
            await WaitArchived();

            await pg.StopAsync();
            await SendSome("while PostgreSQL is down");
            await Task.Delay(TimeSpan.FromSeconds(3)); // let the archive fail against the stopped database
            await pg.RestartAsync();
            await WaitArchived();

            await server.StopAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
            await server.RestartAsync();
            await SendSome("after the homeserver came back");
            await WaitArchived();
            Assert.True(archive.Archive.Stats.SyncReconnects >= 1, "the sync failed and came back at least once");
            Assert.True(archive.Archive.Stats.MessagesWritten >= 10);
        }

        await SendSome("while the archive is stopped");
        await using (var restarted = await TestArchive.StartAsync(server, reader, alias, db, stateDir))
        {
            await SendSome("after the archive restarted");
            await WaitArchived();
            await Task.Delay(TimeSpan.FromSeconds(2)); // anything extra (a duplicate, a stray) would show now
        }

        var inRoom = await TestArchive.RoomMessageIdsAsync(owner, room);
        var archived = await TestArchive.ArchivedIdsAsync(pg, db, room.Value);
        Assert.Equal(inRoom.Count, archived.Count);
        Assert.Equal(inRoom.Order(StringComparer.Ordinal), archived.Order(StringComparer.Ordinal));
        Assert.Equal(sent.Order(StringComparer.Ordinal), archived.Order(StringComparer.Ordinal));
        Assert.Equal("1", await pg.PsqlAsync("select count(*) from sync_state", db.Split(';').Single(p => p.StartsWith("Database=", StringComparison.Ordinal))[9..]));
    }

    [Fact]
    public async Task Search_finds_by_words_sender_kind_and_thread_and_a_thread_comes_back_in_order()
    {
        var pg = await PostgresServer.GetAsync();
        var server = await SynapseServer.GetAsync();
        var db = await pg.CreateDatabaseAsync("srch");
        var owner = await server.CreateUserAsync("own");
        var alice = await server.CreateUserAsync("alice");
        var reader = await server.CreateUserAsync("arch");
        var (room, alias) = await SharedRoom.CreateAsync(server, owner, alice, reader);
        await alice.Client.JoinRoomAsync(alias).WaitAsync(TestDaemon.Timeout);

        var root = await TestArchive.SendAsync(owner, room, "Who can review the database migration today?", "question");
        var reply1 = await TestArchive.SendAsync(alice, room, "I am deploying the migration to staging first", "chat", thread: root);
        var reply2 = await TestArchive.SendAsync(owner, room, "Thanks, ping me when staging is green", thread: root);
        await TestArchive.SendAsync(alice, room, "Nightly build finished without errors", "status");
        await TestArchive.SendAsync(owner, room, "Unrelated lunch plans", "chat");

        await using var archive = await TestArchive.StartAsync(server, reader, alias, db);
        await Eventually.WaitAsync(() => archive.HoldsAsync(5), Catchup, "5 archived");

        // words, stemmed: "deploy" finds "deploying"; best match first, highlighted
        var words = await archive.HistoryAsync("?q=deploy%20staging");
        Assert.Equal(reply1, Assert.Single(words.Messages).Message.EventId);
        Assert.Contains("«deploying» the migration to «staging»", words.Messages[0].Snippet, StringComparison.Ordinal);
        Assert.True(words.Messages[0].Rank > 0);
        var migration = await archive.HistoryAsync("?q=migration");
        Assert.Equal(2, migration.Messages.Count);

        var bySender = await archive.HistoryAsync($"?sender={Uri.EscapeDataString(alice.UserId.Value)}");
        Assert.Equal(2, bySender.Messages.Count);
        Assert.All(bySender.Messages, m => Assert.Equal(alice.UserId.Value, m.Message.Sender));

        var byKind = await archive.HistoryAsync("?kind=question");
        Assert.Equal(root, Assert.Single(byKind.Messages).Message.EventId);
        Assert.Equal("status", Assert.Single((await archive.HistoryAsync("?kind=status")).Messages).Message.Kind);

        var thread = await archive.HistoryAsync($"?thread={Uri.EscapeDataString(root)}");
        Assert.Equal([root, reply1, reply2], thread.Messages.Select(m => m.Message.EventId));

        var combined = await archive.HistoryAsync($"?q=staging&sender={Uri.EscapeDataString(owner.UserId.Value)}");
        Assert.Equal(reply2, Assert.Single(combined.Messages).Message.EventId);

        // paging back: newest two first page, then older with next
        var page1 = await archive.HistoryAsync("?limit=2");
        Assert.Equal(2, page1.Messages.Count);
        Assert.NotNull(page1.Next);
        var page2 = await archive.HistoryAsync($"?limit=10&before={Uri.EscapeDataString(page1.Next!)}");
        Assert.Equal(3, page2.Messages.Count);
        Assert.Null(page2.Next);
        Assert.Empty(page2.Messages.Select(m => m.Message.EventId).Intersect(page1.Messages.Select(m => m.Message.EventId)));

        using var bad = await archive.Http.GetAsync("/history?kind=nonsense").WaitAsync(TestDaemon.Timeout);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        using var anonymous = new HttpClient { BaseAddress = archive.Archive.Url };
        using var refused = await anonymous.GetAsync("/history").WaitAsync(TestDaemon.Timeout);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);

        // /metrics: the dashboard's archive series, behind the same token
        var metrics = await archive.Http.GetStringAsync("/metrics").WaitAsync(TestDaemon.Timeout);
        Assert.Contains("\nagentchat_archive_messages_written_total 5\n", "\n" + metrics, StringComparison.Ordinal);
        Assert.Contains("# TYPE agentchat_archive_lag_seconds gauge", metrics, StringComparison.Ordinal);
        using var scrapeRefused = await anonymous.GetAsync("/metrics").WaitAsync(TestDaemon.Timeout);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, scrapeRefused.StatusCode);
    }
}
