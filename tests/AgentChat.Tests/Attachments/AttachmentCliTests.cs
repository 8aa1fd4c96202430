using System.Security.Cryptography;
using System.Text.Json;
using AgentChat.Matrix;
using AgentChat.Tests.Cli;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Attachments;

/// <summary>
/// <c>cchat send --file</c> and <c>cchat fetch</c> against the real Synapse, through a daemon and in direct mode; the
/// homeserver's upload limit (Synapse's default 50 MB, checked before any byte goes); one upload and one event per txn id.
/// </summary>
public sealed class AttachmentCliTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private const int FiveMb = 5 * 1024 * 1024;

    [Fact]
    public async Task A_5MB_file_round_trips_byte_for_byte_from_the_daemon_to_direct_mode_and_back_and_read_lists_it()
    {
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        using var a = Cchat.For(server, alice, room);
        using var b = Cchat.For(server, bob, room);
        var log = RandomNumberGenerator.GetBytes(FiveMb);
        var logPath = Path.Combine(a.Root, "build.log");
        await File.WriteAllBytesAsync(logPath, log);
        var shot = RandomNumberGenerator.GetBytes(FiveMb);
        var shotPath = Path.Combine(b.Root, "screen shot.png");
        await File.WriteAllBytesAsync(shotPath, shot);

        await using var daemon = await CliDaemon.StartAsync(a, alice.UserId.Localpart);
        var sent = CliJson.Object(await a.OkAsync("send", "--file", logPath, "the **build** log", "--kind", "status", "--to", bob.UserId.Localpart, "--json"))
            .GetProperty("files")[0];
        Assert.Equal("gateway", sent.GetProperty("via").GetString());
        var logEvent = sent.GetProperty("event_id").GetString()!;
        var roomId = new RoomId(sent.GetProperty("room_id").GetString()!);

        // What Element and Nheko read: m.file, filename, info, the caption with its HTML, mentions and our meta.
        var content = (await alice.Client.GetEventAsync(roomId, new EventId(logEvent)).WaitAsync(Timeout)).Content;
        Assert.Equal("m.file", content.GetProperty("msgtype").GetString());
        Assert.Equal("build.log", content.GetProperty("filename").GetString());
        Assert.StartsWith("mxc://", content.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal(FiveMb, content.GetProperty("info").GetProperty("size").GetInt64());
        Assert.Equal("text/plain", content.GetProperty("info").GetProperty("mimetype").GetString());
        Assert.Contains("the **build** log", content.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Contains("<strong>build</strong>", content.GetProperty("formatted_body").GetString(), StringComparison.Ordinal);
        Assert.Contains(bob.UserId.Value, content.GetProperty("m.mentions").GetProperty("user_ids").EnumerateArray().Select(u => u.GetString()));
        var meta = content.GetProperty("com.aiagentchat.meta");
        Assert.Equal(alice.UserId.Localpart, meta.GetProperty("instance").GetString());
        Assert.Equal("status", meta.GetProperty("kind").GetString());

        // bob, direct: read lists it (text and JSON), fetch writes it byte for byte under its own name.
        var listed = Assert.Single(CliJson.Read(await b.OkAsync("read", "--json")).Messages, m => m.EventId == logEvent).Attachment;
        Assert.NotNull(listed);
        Assert.Equal(("build.log", (long?)FiveMb, "text/plain", "m.file"), (listed.Name, listed.Size, listed.Mimetype, listed.Msgtype));
        Assert.Equal(content.GetProperty("url").GetString(), listed.Url);
        var into = Directory.CreateDirectory(Path.Combine(b.Root, "inbox")).FullName;
        var fetched = CliJson.Object(await b.OkAsync("fetch", logEvent, "-o", into, "--json"));
        Assert.Equal(Path.Combine(into, "build.log"), fetched.GetProperty("path").GetString());
        Assert.Equal("direct", fetched.GetProperty("via").GetString());
        Assert.Equal(log, await File.ReadAllBytesAsync(Path.Combine(into, "build.log")));
        // again: the first copy stays, the second gets a new name
        var second = CliJson.Object(await b.OkAsync("fetch", logEvent, "-o", into, "--json"));
        Assert.Equal(Path.Combine(into, "build-1.log"), second.GetProperty("path").GetString());

        // bob sends directly (no daemon of his own); alice fetches through her daemon.
        var back = CliJson.Object(await b.OkAsync("send", "--file", shotPath, "--json")).GetProperty("files")[0];
        Assert.Equal("direct", back.GetProperty("via").GetString());
        var shotEvent = back.GetProperty("event_id").GetString()!;
        var shotContent = (await bob.Client.GetEventAsync(roomId, new EventId(shotEvent)).WaitAsync(Timeout)).Content;
        Assert.Equal("m.image", shotContent.GetProperty("msgtype").GetString());
        Assert.Equal("screen shot.png", shotContent.GetProperty("body").GetString()); // no caption: the body is the name
        var target = Path.Combine(a.Root, "copy.png");
        var got = CliJson.Object(await a.OkAsync("fetch", shotEvent, "--output", target, "--json"));
        Assert.Equal("gateway", got.GetProperty("via").GetString());
        Assert.Equal(FiveMb, got.GetProperty("size").GetInt64());
        Assert.Equal(shot, await File.ReadAllBytesAsync(target));
        Assert.Contains("wrote " + target, await a.OkAsync("fetch", shotEvent, "-o", target), StringComparison.Ordinal); // a path the user named is replaced
        Assert.Empty(Directory.GetFiles(a.Root, "*.cchat-part", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_file_past_the_homeservers_limit_is_refused_before_upload_naming_both_sizes()
    {
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        using var a = Cchat.For(server, alice, room);
        using var b = Cchat.For(server, bob, room);
        var huge = Path.Combine(a.Root, "core.dump");
        await using (var f = File.Create(huge)) f.SetLength(50L * 1024 * 1024 + 1); // sparse: Synapse's default max_upload_size is 50M

        var direct = await a.RunAsync("send", "--file", huge, "too big");
        Assert.True(direct.ExitCode == 1, direct.StdErr);
        Assert.Contains("file core.dump is 50 MB (52428801 bytes); the homeserver accepts at most 50 MB (52428800 bytes)", direct.StdErr, StringComparison.Ordinal);

        await using (await CliDaemon.StartAsync(a, alice.UserId.Localpart))
        {
            var gateway = await a.RunAsync("send", "--file", huge);
            Assert.True(gateway.ExitCode == 1, gateway.StdErr);
            Assert.Contains("the homeserver accepts at most 50 MB", gateway.StdErr, StringComparison.Ordinal);
            Assert.Contains("413", gateway.StdErr, StringComparison.Ordinal);
        }
        Assert.Equal("no new messages", (await b.OkAsync("read")).Trim());
        Assert.Empty(Directory.GetFiles(Path.Combine(a.Root, "state"), "u-*", SearchOption.AllDirectories)); // nothing uploaded
    }

    [Fact]
    public async Task The_same_txn_id_uploads_and_sends_once_across_the_daemon_and_direct_mode()
    {
        var (server, alice, _, room) = await CliAgents.TwoAgentsAsync();
        using var a = Cchat.For(server, alice, room);
        var path = Path.Combine(a.Root, "fix.patch");
        await File.WriteAllTextAsync(path, "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n");
        var key = "attach-" + Guid.NewGuid().ToString("N")[..8];

        JsonElement first;
        await using (await CliDaemon.StartAsync(a, alice.UserId.Localpart))
            first = CliJson.Object(await a.OkAsync("send", "--file", path, "--txn-id", key, "--json")).GetProperty("files")[0];
        var again = CliJson.Object(await a.OkAsync("send", "--file", path, "--txn-id", key, "--json")).GetProperty("files")[0]; // direct now
        Assert.Equal("direct", again.GetProperty("via").GetString());
        Assert.Equal(first.GetProperty("event_id").GetString(), again.GetProperty("event_id").GetString());
        Assert.Equal(first.GetProperty("url").GetString(), again.GetProperty("url").GetString());
        Assert.Equal("text/x-diff", again.GetProperty("mimetype").GetString());

        await File.AppendAllTextAsync(path, "changed\n");
        var conflict = await a.RunAsync("send", "--file", path, "--txn-id", key);
        Assert.True(conflict.ExitCode == 2, conflict.StdErr);
        Assert.Contains("already sent another file", conflict.StdErr, StringComparison.Ordinal);

        var missing = await a.RunAsync("send", "--file", Path.Combine(a.Root, "nope.txt"));
        Assert.True(missing.ExitCode == 1, missing.StdErr);
        Assert.Contains("no such file", missing.StdErr, StringComparison.Ordinal);
    }
}
