using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Tests.Infrastructure;
using AgentChat.Tests.Matrix;
using Xunit.Abstractions;

namespace AgentChat.Tests.Daemon;

/// <summary>
/// The outbox's one path out (a lane per destination) under faults Synapse shows for real (rate limits, refusals)
/// and faults a loopback proxy in front of it makes (a hang, reset connections), plus a disk that refuses.
/// </summary>
public sealed class OutboxLaneTests(ITestOutputHelper output)
{
    private static readonly TimeSpan SendWait = TimeSpan.FromSeconds(2);

    /// <summary>The documented bound, with a generous margin for a loaded 2-core machine.</summary>
    private static readonly TimeSpan Bound = SendWait + TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_hanging_homeserver_gets_202_queued_within_the_send_wait_and_the_message_lands_once_after_it_resumes()
    {
        var (server, owner, agent, roomId, alias) = await RoomWithAgentAsync();
        await using var proxy = new FaultProxy(server.Homeserver);
        await using var daemon = await StartBehindAsync(server, proxy, agent, alias);
        await daemon.SendAsync(new SendRequest { Text = "before the hang" });

        proxy.Hang();
        var took = await PostQueuedAsync(daemon, "during the hang", "hang-1");
        output.WriteLine($"/send while the homeserver hangs answered 202 after {took.TotalMilliseconds:0} ms (SendWait {SendWait.TotalMilliseconds:0} ms)");
        Assert.Equal(1, (await daemon.GetAsync("/status", GatewayJsonContext.Default.StatusResponse)).OutboxDepth);

        proxy.Resume();
        await DrainedAsync(daemon);
        Assert.Equal(["before the hang", "during the hang"], await BodiesAsync(owner, roomId));
    }

    [Fact]
    public async Task Lookups_before_the_outbox_are_bounded_too_an_addressee_and_a_room_alias_during_a_hang()
    {
        var (server, owner, agent, roomId, alias) = await RoomWithAgentAsync();
        await using var proxy = new FaultProxy(server.Homeserver);
        await using var daemon = await StartBehindAsync(server, proxy, agent, alias);
        await daemon.SendAsync(new SendRequest { Text = "before the hang" });

        proxy.Hang();
        var clock = Stopwatch.StartNew();
        using var r = await daemon.PostRawAsync("/send", $$"""{"text":"for you","room":"{{alias}}","to":["{{owner.UserId}}"]}""");
        var took = clock.Elapsed;
        var body = await r.Content.ReadAsStringAsync();
        output.WriteLine($"/send naming a person and an alias while the homeserver hangs answered after {took.TotalMilliseconds:0} ms");
        Assert.True(r.StatusCode == HttpStatusCode.Accepted, $"{(int)r.StatusCode} {body}");
        Assert.True(took < Bound, $"answered after {took}, past the bound {Bound}");
        Assert.Contains("could not check that", body, StringComparison.Ordinal);

        proxy.Resume();
        await DrainedAsync(daemon);
        Assert.Equal(["before the hang", $"@{owner.UserId.Localpart}: for you"], await BodiesAsync(owner, roomId));
    }

    [Fact]
    public async Task A_message_queued_under_an_alias_is_not_overtaken_by_one_the_gateway_resolved_to_the_room_id()
    {
        var (server, owner, agent, roomId, alias) = await RoomWithAgentAsync();
        await using var proxy = new FaultProxy(server.Homeserver);
        await using var daemon = await StartBehindAsync(server, proxy, agent, alias);
        await daemon.SendAsync(new SendRequest { Text = "before" });

        // Refused connections: the gateway cannot resolve the alias, so "first" waits in the alias's lane, in backoff.
        proxy.Refuse();
        using (var r = await daemon.PostRawAsync("/send", $$"""{"text":"first","room":"{{alias}}"}"""))
            Assert.True(r.StatusCode == HttpStatusCode.Accepted, $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        proxy.Resume();
        // The gateway now resolves the alias to the room id at once: "second" must queue behind "first".
        using (var r = await daemon.PostRawAsync("/send", $$"""{"text":"second","room":"{{alias}}"}"""))
            Assert.True(r.IsSuccessStatusCode, $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        await DrainedAsync(daemon);
        Assert.Equal(["before", "first", "second"], await BodiesAsync(owner, roomId));
    }

    [Fact]
    public async Task Order_per_destination_holds_after_failures_a_requeued_message_is_not_overtaken()
    {
        var (server, owner, agent, roomId, alias) = await RoomWithAgentAsync();
        await using var proxy = new FaultProxy(server.Homeserver);
        await using var daemon = await StartBehindAsync(server, proxy, agent, alias);
        await daemon.SendAsync(new SendRequest { Text = "first" });

        // A fails fast and goes back to its lane; B and C, accepted after, must wait behind it. Then a hang: D's
        // send outlives the request, and E, accepted after D's 202, must not overtake it either.
        proxy.Refuse();
        foreach (var text in new[] { "A", "B", "C" }) await PostQueuedAsync(daemon, text, null);
        proxy.Resume();
        await DrainedAsync(daemon);
        proxy.Hang();
        await PostQueuedAsync(daemon, "D", null);
        await PostQueuedAsync(daemon, "E", null);
        proxy.Resume();
        await DrainedAsync(daemon);

        Assert.Equal(["first", "A", "B", "C", "D", "E"], await BodiesAsync(owner, roomId));
    }

    [Fact]
    public async Task Rate_limits_never_hold_a_send_past_its_wait_and_every_message_lands_once_in_order()
    {
        var server = await SynapseServer.GetAsync(SynapseProfile.Default);
        var owner = await server.CreateUserAsync("own");
        var agent = await server.CreateUserAsync("agent");
        var (roomId, alias) = await SharedRoom.CreateAsync(server, owner, agent);
        await using var daemon = await TestDaemon.StartAsync(server, agent, alias, configure: o => o.SendWait = SendWait);

        // Synapse's default message limit: a burst of 10, then one per 5 s; the rest meet real 429s.
        var texts = Enumerable.Range(1, 14).Select(i => $"burst {i}").ToList();
        var slowest = TimeSpan.Zero;
        var queued = 0;
        foreach (var text in texts)
        {
            var clock = Stopwatch.StartNew();
            using var r = await daemon.PostRawAsync("/send", $$"""{"text":"{{text}}"}""");
            var took = clock.Elapsed;
            slowest = took > slowest ? took : slowest;
            Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, $"{text}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
            if (r.StatusCode == HttpStatusCode.Accepted) queued++;
            Assert.True(took < Bound, $"{text} answered after {took}, past the bound {Bound}");
        }
        output.WriteLine($"14 sends under Synapse's rate limit: {queued} answered 202 queued; slowest answer {slowest.TotalMilliseconds:0} ms");
        Assert.True(queued > 0, "no send met the rate limit: the test did not test it");

        await DrainedAsync(daemon, TimeSpan.FromSeconds(120));
        Assert.Equal(texts, await BodiesAsync(owner, roomId));
    }

    [Fact]
    public async Task A_failed_disk_save_answers_507_and_leaves_nothing_pending_or_sent()
    {
        var (server, owner, agent, roomId, alias) = await RoomWithAgentAsync();
        await using var daemon = await TestDaemon.StartAsync(server, agent, alias, configure: o => o.SendWait = SendWait);
        await daemon.SendAsync(new SendRequest { Text = "saved fine" });

        using (BreakOutbox(daemon.StateDir))
        {
            using var r = await daemon.PostRawAsync("/send", """{"text":"cannot be saved","txn_id":"nosave-1"}""");
            var body = await r.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.InsufficientStorage, r.StatusCode);
            using var json = JsonDocument.Parse(body);
            Assert.Equal("outbox_unavailable", json.RootElement.GetProperty("code").GetString());
            Assert.Contains("not sent", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
            Assert.Equal(0, (await daemon.GetAsync("/status", GatewayJsonContext.Default.StatusResponse)).OutboxDepth);
        }

        await daemon.SendAsync(new SendRequest { Text = "after the disk is back" });
        Assert.Equal(["saved fine", "after the disk is back"], await BodiesAsync(owner, roomId));
    }

    [Fact]
    public async Task Refused_messages_in_failed_are_never_overwritten_across_a_restart()
    {
        var (server, owner, agent, roomId, alias) = await RoomWithAgentAsync();
        var stateDir = Path.Combine(Path.GetTempPath(), "agentchat-tests", "failed-" + Guid.NewGuid().ToString("N")[..8]);
        await using (var first = await TestDaemon.StartAsync(server, agent, alias, stateDir))
        {
            await ForbidMessagesAsync(owner, roomId);
            await PostRefusedAsync(first, "refused before the restart");
        }
        await using (var second = await TestDaemon.StartAsync(server, agent, alias, stateDir))
        {
            await PostRefusedAsync(second, "refused after the restart");
        }

        var records = Directory.GetFiles(Path.Combine(stateDir, "outbox", "failed"), "*.json").Select(File.ReadAllText).ToList();
        Assert.Equal(2, records.Count);
        Assert.Contains(records, r => r.Contains("refused before the restart", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Contains("refused after the restart", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_lane_that_fails_unexpectedly_restarts_shows_in_status_and_still_delivers_once()
    {
        var (server, owner, agent, roomId, alias) = await RoomWithAgentAsync();
        await using var proxy = new FaultProxy(server.Homeserver);
        await using var daemon = await StartBehindAsync(server, proxy, agent, alias);

        proxy.Refuse();
        await PostQueuedAsync(daemon, "through a faulting lane", "fault-1");
        StatusResponse faulted;
        using (BreakOutbox(daemon.StateDir))
        {
            // Delivered, then the lane cannot remove the file: an unexpected failure, not a lost message.
            proxy.Resume();
            faulted = await Eventually.WaitAsync(async () =>
            {
                var s = await daemon.GetAsync("/status", GatewayJsonContext.Default.StatusResponse);
                return s.OutboxLaneFaults > 0 ? s : null;
            }, TestDaemon.Timeout, "a lane fault in /status");
        }
        output.WriteLine($"/status after the fault: faults {faulted.OutboxLaneFaults}, last: {faulted.OutboxLastFault}");
        Assert.Contains("room:", faulted.OutboxLastFault, StringComparison.Ordinal);
        Assert.Equal(1, faulted.OutboxDepth);

        await DrainedAsync(daemon);
        Assert.Equal(["through a faulting lane"], await BodiesAsync(owner, roomId));
    }

    private static async Task<(SynapseServer Server, TestUser Owner, TestUser Agent, RoomId RoomId, string Alias)> RoomWithAgentAsync()
    {
        var server = await SynapseServer.GetAsync();
        var owner = await server.CreateUserAsync("own");
        var agent = await server.CreateUserAsync("agent");
        var (roomId, alias) = await SharedRoom.CreateAsync(server, owner, agent);
        return (server, owner, agent, roomId, alias);
    }

    private static Task<TestDaemon> StartBehindAsync(SynapseServer server, FaultProxy proxy, TestUser agent, string alias) =>
        TestDaemon.StartAsync(server, agent, alias, configure: o => o.SendWait = SendWait,
            env: new Dictionary<string, string> { ["AGENTCHAT_HOMESERVER"] = proxy.Url.ToString() });

    /// <summary>Posts and requires 202 queued within the bound; returns how long the answer took.</summary>
    private static async Task<TimeSpan> PostQueuedAsync(TestDaemon daemon, string text, string? txnId)
    {
        var txn = txnId is null ? "" : $$""","txn_id":"{{txnId}}" """;
        var clock = Stopwatch.StartNew();
        using var r = await daemon.PostRawAsync("/send", $$"""{"text":"{{text}}"{{txn}}}""");
        var took = clock.Elapsed;
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.Accepted, $"{text}: {(int)r.StatusCode} {body}");
        Assert.Contains("\"queued\":true", body, StringComparison.Ordinal);
        Assert.True(took < Bound, $"{text} answered after {took}, past the bound {Bound}");
        return took;
    }

    private static async Task PostRefusedAsync(TestDaemon daemon, string text)
    {
        using var r = await daemon.PostRawAsync("/send", $$"""{"text":"{{text}}"}""");
        Assert.True(r.StatusCode == HttpStatusCode.Forbidden, $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
    }

    private static async Task DrainedAsync(TestDaemon daemon, TimeSpan? within = null) =>
        await Eventually.WaitAsync(async () =>
        {
            var s = await daemon.GetAsync("/status", GatewayJsonContext.Default.StatusResponse);
            return s.OutboxDepth == 0 ? s : null;
        }, within ?? TimeSpan.FromSeconds(90), "outbox drained");

    private static async Task<List<string>> BodiesAsync(TestUser owner, RoomId roomId)
    {
        var page = await owner.Client.GetMessagesAsync(roomId, null, Direction.Backward, 100).WaitAsync(TestDaemon.Timeout);
        return MatrixTestRoom.Bodies(page.Chunk).Reverse().ToList();
    }

    /// <summary>Members may no longer post messages (registry state stays allowed): the homeserver refuses with 403.</summary>
    private static async Task ForbidMessagesAsync(TestUser owner, RoomId roomId)
    {
        var levels = JsonNode.Parse((await owner.Client.GetStateAsync(roomId, "m.room.power_levels").WaitAsync(TestDaemon.Timeout)).GetRawText())!.AsObject();
        levels["events_default"] = 50;
        await owner.Client.PutStateAsync(roomId, "m.room.power_levels", "", System.Text.Encoding.UTF8.GetBytes(levels.ToJsonString())).WaitAsync(TestDaemon.Timeout);
    }

    /// <summary>Puts a file where the outbox directory should be, so every write to it fails; disposing puts it back.</summary>
    private static BrokenOutbox BreakOutbox(string stateDir) => new(Path.Combine(stateDir, "outbox"));
}
