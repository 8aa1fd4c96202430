using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Daemon;

public sealed class DirectRoomTests
{
    [Fact]
    public async Task A_dm_creates_one_direct_room_the_other_daemon_joins_and_reads()
    {
        var (server, owner, alice, bob, _, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias);
        await using var b = await TestDaemon.StartAsync(server, bob, alias);
        await b.ReadAsync();

        var first = await a.SendAsync(new SendRequest { Text = "just between us", Dm = bob.UserId.Localpart });
        var second = await a.SendAsync(new SendRequest { Text = "still private", Dm = bob.UserId.Value });

        Assert.Equal(first.RoomId, second.RoomId);
        var direct = await alice.Client.GetDirectRoomsAsync(alice.UserId).WaitAsync(TestDaemon.Timeout);
        Assert.Equal([first.RoomId], direct[bob.UserId.Value]);

        var received = new List<string>();
        for (var i = 0; i < 10 && received.Count < 2; i++)
            received.AddRange((await b.ReadAsync("?wait=10")).Messages.Where(m => m.RoomId == first.RoomId).Select(m => m.Text));
        Assert.Equal(["just between us", "still private"], received);
        var bobDirect = await Eventually.WaitAsync(async () =>
        {
            var d = await bob.Client.GetDirectRoomsAsync(bob.UserId);
            return d.TryGetValue(alice.UserId.Value, out var rooms) ? rooms : null;
        }, TestDaemon.Timeout, "bob's m.direct lists the room");
        Assert.Contains(first.RoomId, bobDirect);
    }

    [Fact]
    public async Task Invites_from_inviters_outside_the_allowlist_stay_pending()
    {
        var server = await SynapseServer.GetAsync();
        var owner = await server.CreateUserAsync("own");
        var agent = await server.CreateUserAsync("agent");
        var trusted = await server.CreateUserAsync("trusted");
        var stranger = await server.CreateUserAsync("stranger");
        var (_, alias) = await SharedRoom.CreateAsync(server, owner, agent);
        await using var daemon = await TestDaemon.StartAsync(server, agent, alias,
            env: new Dictionary<string, string> { ["AGENTCHAT_ALLOWED_INVITERS"] = trusted.UserId.Value });

        var fromStranger = await stranger.Client.CreateRoomAsync(new CreateRoomRequest { Preset = "private_chat", Invite = [agent.UserId] }).WaitAsync(TestDaemon.Timeout);
        var fromTrusted = await trusted.Client.CreateRoomAsync(new CreateRoomRequest { Preset = "private_chat", Invite = [agent.UserId] }).WaitAsync(TestDaemon.Timeout);

        await Eventually.WaitAsync(async () =>
            (await agent.Client.GetJoinedRoomsAsync()).Contains(fromTrusted) ? "joined" : null, TestDaemon.Timeout, "trusted invite joined");
        // The stranger's invite arrived in the same or an earlier sync: it was seen and left alone.
        Assert.DoesNotContain(fromStranger, await agent.Client.GetJoinedRoomsAsync().WaitAsync(TestDaemon.Timeout));
        var members = await stranger.Client.GetMembersAsync(fromStranger).WaitAsync(TestDaemon.Timeout);
        Assert.Equal("invite", members.Single(m => m.StateKey == agent.UserId.Value).ContentString("membership"));
    }
}
