using System.Net;
using AgentChat.Gateway;
using AgentChat.Messages;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;
using static AgentChat.Tests.Federation.FederatedAgents;

namespace AgentChat.Tests.Federation;

/// <summary>
/// One room spanning three homeservers (scripts/federation.sh --servers 3): alice on hs1 (where the room lives), bob on
/// hs2, carol on hs3. The core cases of two servers, with a third that must neither miss nor duplicate anything.
/// </summary>
[Collection(FederationCollection.Name)]
public sealed class ThreeServerTests
{
    [Fact]
    public async Task Agents_on_three_homeservers_all_appear_in_who_and_a_task_and_its_reply_cross_every_server()
    {
        var (servers, alice, bob, carol, alias) = await ThreeInOneRoomAsync();
        await using var a = await TestDaemon.StartAsync(servers.Hs1, alice, alias);
        await using var b = await TestDaemon.StartAsync(servers.Hs2, bob, alias);
        await using var c = await TestDaemon.StartAsync(servers.Hs3, carol, alias);

        // Each server holds all three registry entries: its own and two through federation.
        foreach (var (daemon, side) in new[] { (a, "hs1"), (b, "hs2"), (c, "hs3") })
        {
            var who = await Eventually.WaitAsync(async () =>
            {
                var w = await WhoAsync(daemon);
                return new[] { alice, bob, carol }.All(u => w.Instances.Any(i => i.UserId == u.UserId.Value && i.Alive)) ? w : null;
            }, TestDaemon.Timeout, $"all three agents alive in /who on {side}");
            Assert.Equal(3, who.Instances.Count(i => i.Alive && (i.UserId == alice.UserId.Value || i.UserId == bob.UserId.Value || i.UserId == carol.UserId.Value)));
        }

        // hs1 → hs3 by instance name; hs3 answers in the thread; hs2, a bystander, sees both, once each.
        var task = await a.SendAsync(new SendRequest { Text = "Count the **flaky** tests", Kind = "task", To = [carol.UserId.Localpart] });
        var atCarol = (await ReadUntilAsync(c, r => r.Any(m => m.EventId == task.EventId), "carol reads the task")).Single(m => m.EventId == task.EventId);
        Assert.Equal(alice.UserId.Value, atCarol.Sender);
        Assert.Equal("task", atCarol.Kind);
        Assert.Contains(carol.UserId.Value, atCarol.Mentions);

        var reply = await c.SendAsync(new SendRequest { Text = "Three of them", Thread = task.EventId });
        var atAlice = (await ReadUntilAsync(a, r => r.Any(m => m.EventId == reply.EventId), "alice reads carol's reply")).Single(m => m.EventId == reply.EventId);
        Assert.Equal(carol.UserId.Value, atAlice.Sender);
        Assert.Equal(task.EventId, atAlice.Thread);

        var atBob = await ReadUntilAsync(b, r => r.Any(m => m.EventId == reply.EventId), "bob reads the task and the reply");
        atBob.AddRange((await b.ReadAsync("?wait=1")).Messages);
        Assert.Single(atBob, m => m.EventId == task.EventId);
        Assert.Single(atBob, m => m.EventId == reply.EventId);
    }

    [Fact]
    public async Task While_one_of_three_servers_is_down_the_others_talk_on_and_both_sides_queued_sends_arrive_once_in_order()
    {
        var (servers, alice, bob, carol, alias) = await ThreeInOneRoomAsync();
        await using var a = await TestDaemon.StartAsync(servers.Hs1, alice, alias);
        await using var b = await TestDaemon.StartAsync(servers.Hs2, bob, alias, configure: o =>
        {
            o.MaxBackoff = TimeSpan.FromSeconds(1);
            o.SendWait = TimeSpan.FromSeconds(1);
        });
        await using var c = await TestDaemon.StartAsync(servers.Hs3, carol, alias);
        var before = await a.SendAsync(new SendRequest { Text = "before the outage" });
        await ReadUntilAsync(b, r => r.Any(m => m.EventId == before.EventId), "bob reads the message before the outage");
        await ReadUntilAsync(c, r => r.Any(m => m.EventId == before.EventId), "carol reads the message before the outage");

        var fromAlice = Enumerable.Range(1, 4).Select(i => $"alice while hs2 is down {i}").ToList();
        var fromBob = Enumerable.Range(1, 4).Select(i => $"bob while hs2 is down {i}").ToList();
        var sent = new List<string>();
        await servers.StopAsync("hs2");
        try
        {
            // hs1 accepts alice's messages and holds them for hs2; hs3 gets them at once.
            foreach (var text in fromAlice) sent.Add((await a.SendAsync(new SendRequest { Text = text })).EventId);
            await ReadUntilAsync(c, r => sent.All(id => r.Any(m => m.EventId == id)), "carol on hs3 reads alice during hs2's outage");
            // bob's own server is gone: his daemon queues what he says, in order.
            foreach (var text in fromBob) await PostQueuedAsync(b, text);
        }
        finally
        {
            await servers.StartAsync("hs2");
        }
        await b.WaitHealthyAsync();
        await Eventually.WaitAsync(async () => (await b.GetAsync("/status", GatewayJsonContext.Default.StatusResponse)).OutboxDepth == 0 ? "drained" : null,
            TimeSpan.FromSeconds(90), $"bob's outbox drained after hs2 returned\n{servers.LogTails()}");

        var atBob = await ReadUntilAsync(b, r => sent.All(id => r.Any(m => m.EventId == id)), $"bob reads what alice sent during the outage\n{servers.LogTails()}");
        atBob.AddRange((await b.ReadAsync("?wait=2")).Messages);
        Assert.Equal(fromAlice, atBob.Where(m => m.Sender == alice.UserId.Value).Select(m => m.Text).ToList());
        Assert.Equal(sent, atBob.Where(m => m.Sender == alice.UserId.Value).Select(m => m.EventId).ToList());
        foreach (var (daemon, side) in new[] { (a, "alice on hs1"), (c, "carol on hs3") })
        {
            var read = await ReadUntilAsync(daemon, r => r.Count(m => m.Sender == bob.UserId.Value) >= fromBob.Count,
                $"{side} reads bob's queued messages\n{servers.LogTails()}");
            read.AddRange((await daemon.ReadAsync("?wait=2")).Messages);
            Assert.Equal(fromBob, read.Where(m => m.Sender == bob.UserId.Value).Select(m => m.Text).ToList());
        }
    }

    private static async Task<(FederatedServers Servers, TestUser Alice, TestUser Bob, TestUser Carol, string Alias)> ThreeInOneRoomAsync()
    {
        var servers = await FederatedServers.GetAsync();
        var owner = await servers.Hs1.CreateUserAsync("own");
        var alice = await servers.Hs1.CreateUserAsync("alice");
        var bob = await servers.Hs2.CreateUserAsync("bob");
        var carol = await servers.Hs3.CreateUserAsync("carol");
        var (_, alias) = await SharedRoom.CreateAsync(servers.Hs1, owner, alice, bob, carol);
        return (servers, alice, bob, carol, alias);
    }

    private static async Task PostQueuedAsync(TestDaemon daemon, string text)
    {
        using var r = await daemon.PostRawAsync("/send", $$"""{"text":"{{text}}"}""");
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.Accepted, $"{text}: {(int)r.StatusCode} {body}");
        Assert.Contains("\"queued\":true", body, StringComparison.Ordinal);
    }
}
