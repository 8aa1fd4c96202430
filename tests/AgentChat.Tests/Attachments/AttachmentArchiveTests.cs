using System.Globalization;
using System.Text;
using AgentChat.Archive.Store;
using AgentChat.Matrix;
using AgentChat.Tests.Archive;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Attachments;

/// <summary>The archive keeps a file message's metadata (migration 3), checked as read; /history returns it.</summary>
public sealed class AttachmentArchiveTests
{
    [Fact]
    public async Task The_archive_stores_file_metadata_and_history_returns_it()
    {
        var pg = await PostgresServer.GetAsync();
        var server = await SynapseServer.GetAsync();
        var db = await pg.CreateDatabaseAsync("files");
        var owner = await server.CreateUserAsync("own");
        var reader = await server.CreateUserAsync("arch");
        var (room, alias) = await SharedRoom.CreateAsync(server, owner, reader);
        var bytes = Encoding.UTF8.GetBytes("a patch");
        var mxc = await owner.Client.UploadAsync(() => new MemoryStream(bytes), bytes.Length, "text/x-diff", "fix.patch").WaitAsync(TestDaemon.Timeout);
        async Task<string> SendAsync(string content) =>
            (await owner.Client.SendEventAsync(room, EventTypes.RoomMessage, Encoding.UTF8.GetBytes(content), "f" + Guid.NewGuid().ToString("N"))
                .WaitAsync(TestDaemon.Timeout)).Value;
        var good = await SendAsync($$$"""{"msgtype":"m.file","body":"the fix","filename":"fix.patch","url":"{{{mxc}}}","info":{"size":7,"mimetype":"text/x-diff"}}""");
        var hostile = await SendAsync("""{"msgtype":"m.image","body":"../x\u0000.png","url":"javascript:alert(1)","info":{"size":-1,"mimetype":"image/png\u0000"}}""");
        var plain = await TestArchive.SendAsync(owner, room, "no file here");

        await using var archive = await TestArchive.StartAsync(server, reader, alias, db);
        await Eventually.WaitAsync(() => archive.HoldsAsync(3), TimeSpan.FromSeconds(120), "the three messages archived");
        var history = (await archive.HistoryAsync("?limit=10")).Messages.Select(m => m.Message).ToList();

        var file = Assert.Single(history, m => m.EventId == good).Attachment;
        Assert.NotNull(file);
        Assert.Equal(("fix.patch", (long?)7, "text/x-diff", mxc, "m.file"), (file.Name, file.Size, file.Mimetype, file.Url, file.Msgtype));
        var odd = Assert.Single(history, m => m.EventId == hostile).Attachment;
        Assert.NotNull(odd);
        Assert.Equal(("x_.png", (long?)null, (string?)null, (string?)null, "m.image"), (odd.Name, odd.Size, odd.Mimetype, odd.Url, odd.Msgtype));
        Assert.Null(Assert.Single(history, m => m.EventId == plain).Attachment);

        var database = db.Split(';').Single(p => p.StartsWith("Database=", StringComparison.Ordinal))["Database=".Length..];
        Assert.Equal($"fix.patch|7|text/x-diff|{mxc}|m.file",
            await pg.PsqlAsync($"select attachment_name, attachment_size, attachment_mimetype, attachment_url, attachment_msgtype from messages where event_id = '{good}'", database));
        Assert.Equal(Migrations.Latest.ToString(CultureInfo.InvariantCulture), await pg.PsqlAsync("select max(version) from schema_version", database));
    }
}
