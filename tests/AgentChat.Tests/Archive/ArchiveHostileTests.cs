using System.Text;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Archive;

public sealed class ArchiveHostileTests
{
    [Fact]
    public async Task Content_PostgreSQL_would_refuse_is_archived_cleaned_and_never_stops_the_archive()
    {
        var pg = await PostgresServer.GetAsync();
        var server = await SynapseServer.GetAsync();
        var db = await pg.CreateDatabaseAsync("hostile");
        var owner = await server.CreateUserAsync("own");
        var reader = await server.CreateUserAsync("arch");
        var (room, alias) = await SharedRoom.CreateAsync(server, owner, reader);
        // NUL in text and in jsonb keys and values, control characters, a wrong-typed mentions and relation, deep meta
        var hostile = new[]
        {
            """{"msgtype":"m.text","body":"nul \u0000 inside","com.aiagentchat.meta":{"v":1,"k\u0000":"\u0000"}}""",
            """{"msgtype":"m.text","body":"control \u0001 surrogate \uD83D\uDE00","m.mentions":{"user_ids":"not a list"},"com.aiagentchat.meta":{"x":"\u0001"}}""",
            """{"msgtype":"m.text","body":"relation","m.relates_to":"nope"}""",
            "{\"msgtype\":\"m.text\",\"body\":\"deep\",\"com.aiagentchat.meta\":" + new string('[', 60) + new string(']', 60) + "}",
        };
        var ids = new List<string>();
        foreach (var content in hostile)
            ids.Add((await owner.Client.SendEventAsync(room, "m.room.message", Encoding.UTF8.GetBytes(content), "t" + Guid.NewGuid().ToString("N")).WaitAsync(TestDaemon.Timeout)).Value);
        var after = await TestArchive.SendAsync(owner, room, "an ordinary message after them");

        await using var archive = await TestArchive.StartAsync(server, reader, alias, db);
        await Eventually.WaitAsync(() => archive.HoldsAsync(5), TimeSpan.FromSeconds(120), "the ordinary message archived");
        var archived = await TestArchive.ArchivedIdsAsync(pg, db, room.Value);
        Assert.Contains(ids[0], archived);
        Assert.Contains(ids[1], archived);
        Assert.Contains(ids[3], archived);
        Assert.Contains(after, archived);
        var search = await archive.HistoryAsync("?q=surrogate");
        Assert.Equal(ids[1], Assert.Single(search.Messages).Message.EventId);
        Assert.Contains("nul  inside", (await archive.HistoryAsync("?q=inside")).Messages.Single().Message.Text, StringComparison.Ordinal);
    }
}
