using System.Diagnostics;
using System.Net;
using AgentChat.Daemon;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;
using AgentChat.Tests.Matrix;
using Xunit.Abstractions;

namespace AgentChat.Tests.Outage;

/// <summary>
/// A homeserver that goes away (connections reset by the loopback proxy in front of the real Synapse): /send never
/// waits behind a message that cannot go out, and sync resumes as soon as the homeserver is back, not when its
/// backoff runs out. Order and exactly-once hold throughout.
/// </summary>
public sealed class OutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task During_an_outage_sends_behind_an_undelivered_message_queue_at_once_and_all_land_once_in_order()
    {
        var (server, owner, agent, roomId, alias) = await RoomWithAgentAsync();
        await using var proxy = new FaultProxy(server.Homeserver);
        // The default SendWait (10 s): before, each of these sends waited all of it behind the first.
        await using var daemon = await StartBehindAsync(server, proxy, agent, alias);
        var sendWait = new DaemonOptions().SendWait;
        await daemon.SendAsync(new SendRequest { Text = "before" });

        proxy.Refuse();
        var texts = Enumerable.Range(1, 20).Select(i => $"outage {i}").ToList();
        var clock = Stopwatch.StartNew();
        await PostQueuedAsync(daemon, texts[0]);
        var first = clock.Elapsed;
        for (var i = 1; i < texts.Count; i++)
        {
            await PostQueuedAsync(daemon, texts[i]);
            // Answered while everything before it is still undelivered: the lane is blocked, nothing got through.
            Assert.Equal(i + 1, (await daemon.GetAsync("/status", GatewayJsonContext.Default.StatusResponse)).OutboxDepth);
        }
        var all = clock.Elapsed;
        output.WriteLine($"20 sends during the outage: first 202 after {first.TotalMilliseconds:0} ms, all 20 after {all.TotalMilliseconds:0} ms (SendWait {sendWait.TotalSeconds:0} s)");
        // Nineteen sends behind a blocked lane took less than one SendWait together, where each used to take one.
        Assert.True(all - first < sendWait, $"19 sends behind the blocked lane took {all}, as if each waited out its SendWait");

        proxy.Resume();
        await DrainedAsync(daemon);
        Assert.Equal(["before", .. texts], await BodiesAsync(owner, roomId));
    }

    [Fact]
    public async Task After_an_outage_sync_resumes_without_waiting_out_its_backoff()
    {
        var (server, owner, agent, roomId, alias) = await RoomWithAgentAsync();
        await using var proxy = new FaultProxy(server.Homeserver);
        await using var daemon = await StartBehindAsync(server, proxy, agent, alias);
        var cursor = (await daemon.ReadAsync()).Next;

        proxy.Refuse();
        var status = await Eventually.WaitAsync(async () =>
        {
            var s = await daemon.GetAsync("/status", GatewayJsonContext.Default.StatusResponse);
            return s.Sync.BackoffSeconds >= 6 ? s : null;
        }, TestDaemon.Timeout, "sync backing off for 6 s or more");
        var backoff = TimeSpan.FromSeconds(status.Sync.BackoffSeconds);

        proxy.Resume();
        var clock = Stopwatch.StartNew();
        await MatrixTestRoom.SendTextAsync(owner.Client, roomId, "right after the outage").WaitAsync(TestDaemon.Timeout);
        var read = await daemon.ReadAsync($"?since={Uri.EscapeDataString(cursor)}&wait=30");
        var took = clock.Elapsed;
        output.WriteLine($"backoff reported by /status when the homeserver came back: {backoff.TotalSeconds:0.0} s; first message read after {took.TotalMilliseconds:0} ms");
        Assert.Contains(read.Messages, m => m.Text == "right after the outage");
        Assert.True(took < backoff, $"the message came {took} after the homeserver returned: sync waited out its {backoff} backoff");
    }

    [Fact]
    public async Task Ten_unknown_addressees_against_a_hanging_homeserver_stay_inside_one_send_wait()
    {
        var (server, owner, agent, roomId, alias) = await RoomWithAgentAsync();
        await using var proxy = new FaultProxy(server.Homeserver);
        var sendWait = TimeSpan.FromSeconds(3);
        await using var daemon = await TestDaemon.StartAsync(server, agent, alias, configure: o => o.SendWait = sendWait,
            env: new Dictionary<string, string> { ["AGENTCHAT_HOMESERVER"] = proxy.Url.ToString() });
        await daemon.SendAsync(new SendRequest { Text = "before the hang" });

        proxy.Hang();
        var names = string.Join(",", Enumerable.Range(1, 10).Select(i => $"\"@nobody{i}x:{owner.UserId.ServerName}\""));
        var clock = Stopwatch.StartNew();
        using var r = await daemon.PostRawAsync("/send", $$"""{"text":"to ten","to":[{{names}}]}""");
        var took = clock.Elapsed;
        var body = await r.Content.ReadAsStringAsync();
        output.WriteLine($"/send naming ten unchecked accounts while the homeserver hangs answered after {took.TotalMilliseconds:0} ms (SendWait {sendWait.TotalMilliseconds:0} ms)");
        Assert.True(r.StatusCode == HttpStatusCode.Accepted, $"{(int)r.StatusCode} {body}");
        // Ten lookups of SendWait / 5 each would take two SendWaits: the bound is the request's, not each lookup's.
        Assert.True(took < sendWait + TimeSpan.FromSeconds(2), $"answered after {took}, past one SendWait");

        proxy.Resume();
        await DrainedAsync(daemon);
        Assert.Equal(2, (await BodiesAsync(owner, roomId)).Count);
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
        TestDaemon.StartAsync(server, agent, alias, env: new Dictionary<string, string> { ["AGENTCHAT_HOMESERVER"] = proxy.Url.ToString() });

    private static async Task PostQueuedAsync(TestDaemon daemon, string text)
    {
        using var r = await daemon.PostRawAsync("/send", $$"""{"text":"{{text}}"}""");
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.Accepted, $"{text}: {(int)r.StatusCode} {body}");
        Assert.Contains("\"queued\":true", body, StringComparison.Ordinal);
    }

    private static async Task DrainedAsync(TestDaemon daemon) =>
        await Eventually.WaitAsync(async () =>
        {
            var s = await daemon.GetAsync("/status", GatewayJsonContext.Default.StatusResponse);
            return s.OutboxDepth == 0 ? s : null;
        }, TimeSpan.FromSeconds(90), "outbox drained");

    private static async Task<List<string>> BodiesAsync(TestUser owner, RoomId roomId)
    {
        var page = await owner.Client.GetMessagesAsync(roomId, null, Direction.Backward, 100).WaitAsync(TestDaemon.Timeout);
        return MatrixTestRoom.Bodies(page.Chunk).Reverse().ToList();
    }
}
