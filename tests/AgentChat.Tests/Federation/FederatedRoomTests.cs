using AgentChat.Gateway;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;
using static AgentChat.Tests.Federation.FederatedAgents;

namespace AgentChat.Tests.Federation;

/// <summary>Agents on two federated homeservers share one room: registry, messages, threads and DMs cross the servers.</summary>
[Collection(FederationCollection.Name)]
public sealed class FederatedRoomTests
{
    [Fact]
    public async Task Agents_on_two_homeservers_see_each_other_and_talk_in_the_room_in_threads_and_privately()
    {
        var (pair, alice, bob, roomId, alias) = await InOneRoomAsync();
        await using var a = await TestDaemon.StartAsync(pair.Hs1, alice, alias);
        await using var b = await TestDaemon.StartAsync(pair.Hs2, bob, alias,
            env: new Dictionary<string, string> { ["AGENTCHAT_ALLOWED_INVITERS"] = ":" + pair.Hs1.ServerName });

        // The registry from both sides: each server holds both entries, the remote one through federation.
        foreach (var (daemon, side) in new[] { (a, "hs1"), (b, "hs2") })
        {
            await Eventually.WaitAsync(async () =>
            {
                var who = await WhoAsync(daemon);
                return who.Instances.Any(i => i.UserId == alice.UserId.Value && i.Alive) && who.Instances.Any(i => i.UserId == bob.UserId.Value && i.Alive) ? who : null;
            }, TestDaemon.Timeout, $"both agents alive in /who on {side}");
        }

        // hs1 → hs2: a task addressed by instance name, resolved through the registry to bob's account on hs2.
        var task = await a.SendAsync(new SendRequest { Text = "Summarise the **build**", Kind = "task", To = [bob.UserId.Localpart] });
        var atBob = (await ReadUntilAsync(b, r => r.Any(m => m.EventId == task.EventId), "bob reads the task")).Single(m => m.EventId == task.EventId);
        Assert.Equal(alice.UserId.Value, atBob.Sender);
        Assert.Equal(alice.UserId.Localpart, atBob.Instance);
        Assert.False(atBob.Human);
        Assert.Equal("task", atBob.Kind);
        Assert.Equal("Summarise the **build**", atBob.Text);
        Assert.Contains(bob.UserId.Value, atBob.Mentions);
        Assert.Equal(roomId.Value, atBob.RoomId);

        // hs2 → hs1, in the task's thread.
        var reply = await b.SendAsync(new SendRequest { Text = "On it", Thread = task.EventId });
        var atAlice = (await ReadUntilAsync(a, r => r.Any(m => m.EventId == reply.EventId), "alice reads bob's reply")).Single(m => m.EventId == reply.EventId);
        Assert.Equal(bob.UserId.Value, atAlice.Sender);
        Assert.Equal(bob.UserId.Localpart, atAlice.Instance);
        Assert.Equal(task.EventId, atAlice.Thread);

        // A DM across servers: alice's daemon creates the direct room; bob's joins it (hs1 is an allowed inviter).
        // A message sent while bob's server is joining can reach it only with the next one (federation's own race),
        // so the message bob must read is sent once he is in.
        var opening = await a.SendAsync(new SendRequest { Text = "a word in private?", Dm = bob.UserId.Localpart });
        Assert.NotEqual(roomId.Value, opening.RoomId);
        await Eventually.WaitAsync(async () => (await bob.Client.GetJoinedRoomsAsync()).Any(r => r.Value == opening.RoomId) ? "joined" : null,
            TestDaemon.Timeout, "bob's daemon joins the DM from hs1");
        var dm = await a.SendAsync(new SendRequest { Text = "just between us", Dm = bob.UserId.Localpart });
        Assert.Equal(opening.RoomId, dm.RoomId);
        var privately = (await ReadUntilAsync(b, r => r.Any(m => m.EventId == dm.EventId), "bob reads the DM")).Single(m => m.EventId == dm.EventId);
        Assert.Equal(dm.RoomId, privately.RoomId);
        Assert.Equal(alice.UserId.Value, privately.Sender);
        var answer = await b.SendAsync(new SendRequest { Text = "agreed", Dm = alice.UserId.Value });
        Assert.Equal(dm.RoomId, answer.RoomId);
        await ReadUntilAsync(a, r => r.Any(m => m.EventId == answer.EventId), "alice reads bob's answer in the DM");
    }

    [Fact]
    public async Task Messages_sent_while_the_remote_homeserver_is_down_wait_on_the_senders_server_then_arrive_once_in_order()
    {
        var (pair, alice, bob, _, alias) = await InOneRoomAsync();
        await using var a = await TestDaemon.StartAsync(pair.Hs1, alice, alias);
        await using var b = await TestDaemon.StartAsync(pair.Hs2, bob, alias, configure: o => o.MaxBackoff = TimeSpan.FromSeconds(1));
        var before = await a.SendAsync(new SendRequest { Text = "before the outage" });
        await ReadUntilAsync(b, r => r.Any(m => m.EventId == before.EventId), "bob reads the message before the outage");

        var texts = Enumerable.Range(1, 5).Select(i => $"while hs2 is down {i}").ToList();
        var sent = new List<string>();
        await pair.StopAsync("hs2");
        try
        {
            // hs1 accepts each one (an event id, not "queued"): the sender's homeserver holds them for hs2.
            foreach (var text in texts) sent.Add((await a.SendAsync(new SendRequest { Text = text })).EventId);
        }
        finally
        {
            await pair.StartAsync("hs2");
        }
        await b.WaitHealthyAsync();

        // Any traffic from hs2 (here bob's message) tells hs1 that hs2 is back; the waiting events follow.
        await b.SendAsync(new SendRequest { Text = "back" });
        var read = await ReadUntilAsync(b, r => sent.All(id => r.Any(m => m.EventId == id)), $"bob reads what was sent during the outage\n{pair.LogTails()}");
        read.AddRange((await b.ReadAsync("?wait=2")).Messages);
        var fromAlice = read.Where(m => m.Sender == alice.UserId.Value).ToList();
        Assert.Equal(sent, fromAlice.Select(m => m.EventId).ToList());
        Assert.Equal(texts, fromAlice.Select(m => m.Text).ToList());
    }
}
