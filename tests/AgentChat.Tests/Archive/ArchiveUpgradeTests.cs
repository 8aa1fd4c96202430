using System.Globalization;
using AgentChat.Archive.Store;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Archive;

public sealed class ArchiveUpgradeTests
{
    [Fact]
    public async Task An_archive_at_schema_2_with_messages_upgrades_on_start_and_still_finds_them()
    {
        var pg = await PostgresServer.GetAsync();
        var server = await SynapseServer.GetAsync();
        var db = await pg.CreateDatabaseAsync("upg");
        // the database as the previous release left it: versions 1 and 2 applied, messages in it
        await SeededMessages.ExecAsync(db, "CREATE TABLE schema_version (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
        foreach (var (version, sql) in Migrations.All.Where(m => m.Version <= 2))
            await SeededMessages.ExecAsync(db, sql + $"; INSERT INTO schema_version (version) VALUES ({version.ToString(CultureInfo.InvariantCulture)})");
        await SeededMessages.InsertAsync(db, 1, 1200);
        Assert.Equal("-1", await SeededMessages.ScalarAsync(db, "SELECT attstattarget FROM pg_attribute WHERE attrelid = 'messages'::regclass AND attname = 'search'"));

        var owner = await server.CreateUserAsync("own");
        var reader = await server.CreateUserAsync("arch");
        var (room, alias) = await SharedRoom.CreateAsync(server, owner, reader);
        await using var archive = await TestArchive.StartAsync(server, reader, alias, db);

        var latest = Migrations.Latest.ToString(CultureInfo.InvariantCulture);
        await Eventually.WaitAsync(async () => await SeededMessages.ScalarAsync(db, "SELECT max(version) FROM schema_version") == latest ? "ok" : null,
            TimeSpan.FromSeconds(60), $"schema version {latest}");
        Assert.Equal("1000", await SeededMessages.ScalarAsync(db, "SELECT attstattarget FROM pg_attribute WHERE attrelid = 'messages'::regclass AND attname = 'search'"));
        var k8s = await archive.HistoryAsync("?q=kubernetes");
        Assert.Equal(7, k8s.Messages.Count);
        Assert.Equal(SeededMessages.Id(707), k8s.Messages[0].Message.EventId);
        var deploy = await archive.HistoryAsync("?q=deploy&limit=500");
        Assert.Equal(500, deploy.Messages.Count);
        SearchTests.AssertRanked(deploy.Messages);
        Assert.NotNull(deploy.Next);
        var rest = await archive.HistoryAsync("?q=deploy&limit=500&before=" + Uri.EscapeDataString(deploy.Next!));
        Assert.Equal(100, rest.Messages.Count);
        Assert.Null(rest.Next);
        Assert.Empty(rest.Messages.Select(m => m.Message.EventId).Intersect(deploy.Messages.Select(m => m.Message.EventId)));
        // and the archive keeps writing: a real message is found next to the old ones
        await TestArchive.SendAsync(owner, room, "kubernetes after the upgrade");
        await Eventually.WaitAsync(async () => (await archive.HistoryAsync("?q=kubernetes")).Messages.Count == 8 ? "ok" : null, TimeSpan.FromSeconds(60), "the new message found");
    }
}
