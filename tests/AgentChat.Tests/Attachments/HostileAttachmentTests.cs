using System.Text;
using System.Text.Json;
using AgentChat.Matrix;
using AgentChat.Tests.Cli;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Attachments;

/// <summary>
/// A stranger (a raw Matrix client) posts malformed and hostile <c>m.file</c> events: read lists them with safe
/// fields through the daemon and directly, fetch never writes outside its directory, and the daemon stays healthy.
/// </summary>
public sealed class HostileAttachmentTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Hostile_file_events_are_listed_safely_and_fetch_stays_in_its_directory()
    {
        var server = await SynapseServer.GetAsync().WaitAsync(TimeSpan.FromMinutes(8));
        var alice = await server.CreateUserAsync("alice");
        var bob = await server.CreateUserAsync("bob");
        var mallory = await server.CreateUserAsync("mal");
        var room = CliJson.RandomRoom(server.ServerName);
        using var a = Cchat.For(server, alice, room);
        using var b = Cchat.For(server, bob, room);
        await a.OkAsync("setup", "--invite", bob.UserId.Value, "--invite", mallory.UserId.Value);
        var roomId = (await mallory.Client.JoinRoomAsync(room).WaitAsync(Timeout));
        var payload = Encoding.UTF8.GetBytes("#!/bin/sh\necho pwned\n");
        var mxc = await mallory.Client.UploadAsync(() => new MemoryStream(payload), payload.Length, "text/x-sh", "evil.sh").WaitAsync(Timeout);

        await using var daemon = await CliDaemon.StartAsync(a, alice.UserId.Localpart);
        var before = CliJson.Object(await b.OkAsync("send", "before the hostile files", "--json")).GetProperty("event_id").GetString()!;
        string[] hostile =
        [
            $$$"""{"msgtype":"m.file","body":"../../../../tmp/evil.sh","url":"{{{mxc}}}","info":{"size":-5,"mimetype":"text/x-sh"}}""",
            $$"""{"msgtype":"m.file","body":"x","filename":"..","url":"{{mxc}}","info":"nope"}""",
            """{"msgtype":"m.file","body":"phish.pdf","url":"https://evil.example/phish.pdf","info":{"size":12,"mimetype":"application/pdf"}}""",
            $$$"""{"msgtype":"m.image","body":"ctl","filename":"red\u001b[31m\u202Egnp.exe","url":"{{{mxc}}}","info":{"size":{"n":1},"mimetype":["image/png"]}}""",
            $$$"""{"msgtype":"m.file","body":"{{{new string('A', 20_000)}}}.txt","url":"{{{mxc}}}","info":{"size":"12"}}""",
            """{"msgtype":"m.file","body":""}""",
        ];
        var ids = new List<string>();
        foreach (var content in hostile)
            ids.Add((await mallory.Client.SendEventAsync(roomId, EventTypes.RoomMessage, Encoding.UTF8.GetBytes(content), "h" + Guid.NewGuid().ToString("N")).WaitAsync(Timeout)).Value);
        var marker = (await mallory.Client.SendEventAsync(roomId, EventTypes.RoomMessage,
            Encoding.UTF8.GetBytes("""{"msgtype":"m.text","body":"after the hostile files"}"""), "m" + Guid.NewGuid().ToString("N")).WaitAsync(Timeout)).Value;

        // Through the daemon (alice) and directly (bob): each listed, every field safe.
        var viaDaemon = await Eventually.WaitAsync(async () =>
        {
            var read = CliJson.Read(await a.OkAsync("read", "--json", "--since", "0", "--limit", "50"));
            return read.Messages.Any(m => m.EventId == marker) ? read : null;
        }, Timeout, "the daemon has the marker");
        foreach (var messages in new[] { viaDaemon.Messages, CliJson.Read(await b.OkAsync("read", "--json", "--since", before, "--limit", "50")).Messages })
        {
            var files = ids.Select(id => Assert.Single(messages, m => m.EventId == id).Attachment).ToList();
            Assert.All(files, Assert.NotNull);
            Assert.Equal("evil.sh", files[0]!.Name);
            Assert.Null(files[0]!.Size);
            Assert.Equal("attachment", files[1]!.Name);
            Assert.Null(files[2]!.Url);
            Assert.Equal("red_[31m_gnp.exe", files[3]!.Name);
            Assert.Null(files[3]!.Mimetype);
            Assert.True(files[4]!.Name.Length <= 120 && files[4]!.Name.EndsWith(".txt", StringComparison.Ordinal));
            Assert.Equal(("attachment", (string?)null), (files[5]!.Name, files[5]!.Url));
            Assert.All(files, f => Assert.DoesNotContain(f!.Name, c => char.IsControl(c) || c is '/' or '\\'));
        }
        var text = await b.OkAsync("read", "--since", before, "--limit", "50");
        Assert.Contains($"file: evil.sh (size unknown, text/x-sh) - cchat fetch {ids[0]}", text, StringComparison.Ordinal);
        Assert.Contains("file: phish.pdf (12 bytes, application/pdf) - no mxc:// url, cannot be fetched", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", text, StringComparison.Ordinal);

        // fetch: a traversal name lands in the target directory under its last component; a non-mxc url is refused.
        var jail = Directory.CreateDirectory(Path.Combine(b.Root, "jail", "inbox")).FullName;
        var fetched = CliJson.Object(await b.OkAsync("fetch", ids[0], "-o", jail, "--json"));
        Assert.Equal(Path.Combine(jail, "evil.sh"), fetched.GetProperty("path").GetString());
        Assert.Equal(payload, await File.ReadAllBytesAsync(Path.Combine(jail, "evil.sh")));
        var dotdot = CliJson.Object(await a.OkAsync("fetch", ids[1], "-o", jail, "--json")); // through the daemon
        Assert.Equal(Path.Combine(jail, "attachment"), dotdot.GetProperty("path").GetString());
        Assert.Equal(["attachment", "evil.sh"], Directory.GetFileSystemEntries(Path.Combine(b.Root, "jail"), "*", SearchOption.AllDirectories)
            .Where(File.Exists).Select(Path.GetFileName).Order());
        var noMxc = await b.RunAsync("fetch", ids[2]);
        Assert.True(noMxc.ExitCode == 2, noMxc.StdErr);
        Assert.Contains("no mxc:// uri", noMxc.StdErr, StringComparison.Ordinal);
        var notFile = await a.RunAsync("fetch", marker);
        Assert.True(notFile.ExitCode == 2, notFile.StdErr);
        Assert.Contains("carries no file", notFile.StdErr, StringComparison.Ordinal);

        Assert.Equal(0, (await a.RunAsync("status", "--daemon")).ExitCode); // still healthy after all of it
        var status = JsonDocument.Parse(await a.OkAsync("status", "--json")).RootElement;
        Assert.Equal(0, status.GetProperty("daemon").GetProperty("skipped_events").GetInt64());
    }
}
