using System.Text;
using System.Text.Json;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Registry;
using AgentChat.Tests.Cli;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;
using AgentChat.Tests.Matrix;

namespace AgentChat.Tests.Hostile;

/// <summary>A room member posts whatever JSON it likes: two real daemons and direct mode keep reading.</summary>
public sealed class HostileRoomTests
{
    [Fact]
    public async Task Thirty_malformed_events_stop_no_daemon_and_the_next_message_arrives_everywhere()
    {
        var (server, owner, alice, bob, roomId, alias) = await SharedRoom.WithTwoAgentsAsync();
        var stateDir = Path.Combine(Path.GetTempPath(), "agentchat-tests", "hostile-" + Guid.NewGuid().ToString("N")[..10]);
        await using var a = await DaemonProcess.StartAsync(server, alice, alias, stateDir);
        await using var b = await TestDaemon.StartAsync(server, bob, alias);
        var start = await b.ReadAsync("?since=0");

        // Synapse itself refuses a few (a body that is not a string, JSON too deep); another homeserver, over federation, may not:
        // the parser tests read those too. At least thirty must reach the daemons here.
        var accepted = 0;
        var refused = new List<string>();
        foreach (var content in HostileCorpus.Contents)
        {
            try
            {
                await owner.Client.SendEventAsync(roomId, "m.room.message", Encoding.UTF8.GetBytes(content), Txn()).WaitAsync(TestDaemon.Timeout);
                accepted++;
            }
            catch (MatrixException e) when (e.StatusCode is System.Net.HttpStatusCode.BadRequest or System.Net.HttpStatusCode.InternalServerError)
            {
                refused.Add(e.Message);
            }
        }
        Assert.True(accepted >= 30, $"the homeserver took only {accepted}; refused: {string.Join("; ", refused)}");
        // Registry and humans state a newer, buggy or hostile client could write, in the same stream.
        await owner.Client.PutStateAsync(roomId, InstanceEntry.EventType, owner.UserId.Value, """{"instance":5,"capabilities":"all"}"""u8.ToArray()).WaitAsync(TestDaemon.Timeout);
        await owner.Client.PutStateAsync(roomId, HumansSetting.EventType, "", """{"user_ids":"everyone"}"""u8.ToArray()).WaitAsync(TestDaemon.Timeout);
        await owner.Client.PutStateAsync(roomId, InstanceEntry.EventType, owner.UserId.Value,
            """{"instance":"odd","kind":7,"last_seen":"now","ttl_ms":[],"status":{"x":1},"user_id":3}"""u8.ToArray()).WaitAsync(TestDaemon.Timeout);

        using var sent = await a.SendAsync("""{"text":"after the storm"}""");
        Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
        var eventId = JsonDocument.Parse(await sent.Content.ReadAsStringAsync()).RootElement.GetProperty("event_id").GetString()!;

        var arrived = await WaitForAsync(b, start.Next, m => m.EventId == eventId);
        Assert.Equal("after the storm", arrived.Text);
        Assert.Equal(alice.UserId.Localpart, arrived.Instance);
        Assert.False(arrived.Human);
        // The corpus itself was read, each degraded where it is bad: e.g. the first, kind 1, as a chat from a human.
        var all = await b.ReadAsync($"?since={start.Next}&limit=200");
        Assert.True(all.Messages.Count >= 30, $"only {all.Messages.Count} messages read");
        Assert.Contains(all.Messages, m => m.Body == "x" && m.Meta is { } meta && meta.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.Number);
        Assert.All(all.Messages.Where(m => m.Sender == owner.UserId.Value), m => Assert.True(m.Human));

        // Both daemons are healthy and still answer; the in-process one reports nothing it had to skip.
        Assert.False(a.HasExited, a.Log);
        using (var health = await a.Http.GetAsync("/health").WaitAsync(TestDaemon.Timeout)) Assert.True(health.IsSuccessStatusCode, a.Log);
        using (var health = await b.Http.GetAsync("/health").WaitAsync(TestDaemon.Timeout)) Assert.True(health.IsSuccessStatusCode);
        var status = await b.GetAsync("/status", GatewayJsonContext.Default.StatusResponse);
        Assert.Equal(0, status.SkippedEvents);
        using (var read = await a.Http.GetAsync("/read?limit=200").WaitAsync(TestDaemon.Timeout)) Assert.True(read.IsSuccessStatusCode, a.Log);

        // Direct mode reads the same room without a daemon and prints the message.
        using var direct = Cchat.For(server, bob, alias);
        var text = await direct.OkAsync("read", "--limit", "200");
        Assert.Contains("after the storm", text, StringComparison.Ordinal);
        Assert.Contains($"{owner.UserId} [human]", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_newer_versions_registry_entry_still_appears_in_who()
    {
        var (server, owner, alice, _, roomId, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var entry = $$$"""
            {"instance":"future","kind":"persistent","status":"online","last_seen":{{{now}}},"started_at":{{{now}}},"ttl_ms":120000,
             "user_id":"{{{owner.UserId}}}","version":"9.0.0","host":"h","capabilities":["x"],
             "busy":true,"wakeable":{"channel":"claude"},"schema":{"v":3,"fields":[1,"two",null]}}
            """;
        await owner.Client.PutStateAsync(roomId, InstanceEntry.EventType, owner.UserId.Value, Encoding.UTF8.GetBytes(entry)).WaitAsync(TestDaemon.Timeout);

        var who = await a.GetAsync("/who", GatewayJsonContext.Default.WhoResponse);
        var future = Assert.Single(who.Instances, i => i.Instance == "future");
        Assert.Equal(owner.UserId.Value, future.UserId);
        Assert.Equal("9.0.0", future.Version);
        Assert.True(future.Alive);

        using var direct = Cchat.For(server, alice, alias);
        Assert.Contains(CliJson.Who(await direct.OkAsync("who", "--json")).Instances, i => i.Instance == "future");
    }

    [Fact]
    public void An_older_reader_reads_a_newer_gateways_answers_and_requests_stay_strict()
    {
        const string read = """{"messages":[{"cursor":1,"event_id":"$e","room_id":"!r:x","sender":"@a:x","kind":"chat","text":"t","body":"t","ts":1,"mentions":[],"priority":"urgent","receipts":{"read":[]}}],"next":"1","warnings":["w"]}""";
        var response = JsonSerializer.Deserialize(read, GatewayJsonContext.Default.ReadResponse)!;
        Assert.Equal("t", Assert.Single(response.Messages).Text);
        const string status = """{"instance":"a","user_id":"@a:x","homeserver":"h","sync":{"connected":true,"last_sync_ms":1,"consecutive_failures":0,"backoff_seconds":0,"last_error":null,"lanes":3},"buffer_count":0,"buffer_capacity":1,"outbox_depth":0,"rooms":[],"uptime_seconds":1,"version":"9","pending":[]}""";
        Assert.Equal("a", JsonSerializer.Deserialize(status, GatewayJsonContext.Default.StatusResponse)!.Instance);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"text":"x","tx_id":"typo"}""", GatewayJsonContext.Default.SendRequest));
    }

    [Fact]
    public async Task A_daemon_whose_loop_dies_exits_non_zero_so_systemd_restarts_it()
    {
        var (server, owner, alice, _, roomId, alias) = await SharedRoom.WithTwoAgentsAsync();
        var stateDir = Path.Combine(Path.GetTempPath(), "agentchat-tests", "fatal-" + Guid.NewGuid().ToString("N")[..10]);
        await using var a = await DaemonProcess.StartAsync(server, alice, alias, stateDir);
        // The sync token cannot be saved any more (a directory where the file goes): a fault no retry fixes.
        var token = Path.Combine(stateDir, "sync-token");
        File.Delete(token);
        Directory.CreateDirectory(token);
        await MatrixTestRoom.SendTextAsync(owner.Client, roomId, "wake the sync loop");

        Assert.Equal(1, await a.ExitCodeAsync(TestDaemon.Timeout));
    }

    internal static string Txn() => "hostile-" + Guid.NewGuid().ToString("N");

    internal static async Task<ChatMessage> WaitForAsync(TestDaemon daemon, string since, Func<ChatMessage, bool> match)
    {
        using var cts = new CancellationTokenSource(TestDaemon.Timeout);
        var cursor = since;
        while (true)
        {
            cts.Token.ThrowIfCancellationRequested();
            var page = await daemon.ReadAsync($"?since={cursor}&wait=10&limit=200");
            if (page.Messages.FirstOrDefault(match) is { } found) return found;
            cursor = page.Next;
        }
    }
}
