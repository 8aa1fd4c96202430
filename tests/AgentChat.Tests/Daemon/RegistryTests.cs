using AgentChat.Gateway;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Daemon;

public sealed class RegistryTests
{
    [Fact]
    public async Task A_daemon_is_alive_in_who_then_offline_after_a_graceful_stop()
    {
        var (server, owner, alice, bob, _, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var b = await TestDaemon.StartAsync(server, bob, alias);
        var a = await TestDaemon.StartAsync(server, alice, alias, configure: o => o.Capabilities = ["review"]);

        var alive = await Eventually.WaitAsync(async () =>
        {
            var who = await b.GetAsync("/who", GatewayJsonContext.Default.WhoResponse);
            return who.Instances.FirstOrDefault(i => i.UserId == alice.UserId.Value && i.Alive);
        }, TestDaemon.Timeout, "alice alive in /who");
        Assert.Equal("persistent", alive.Kind);
        Assert.Equal(["review"], alive.Capabilities);
        Assert.Equal(alice.UserId.Localpart, alive.Instance);

        await a.DisposeAsync();
        Assert.False(File.Exists(a.Daemon.DiscoveryPath));
        var who = await b.GetAsync("/who", GatewayJsonContext.Default.WhoResponse);
        var gone = who.Instances.Single(i => i.UserId == alice.UserId.Value);
        Assert.False(gone.Alive);
        Assert.Equal("offline", gone.Status);
    }

    [Fact]
    public async Task Without_power_to_write_the_registry_the_daemon_keeps_working_and_names_the_fix()
    {
        var server = await SynapseServer.GetAsync();
        var owner = await server.CreateUserAsync("own");
        var agent = await server.CreateUserAsync("agent");
        // A room with default power levels: state needs power 50.
        var room = await owner.Client.CreateRoomAsync(new AgentChat.Matrix.CreateRoomRequest
        {
            Preset = "public_chat", RoomAliasName = $"plain-{Guid.NewGuid():N}"[..20],
        }).WaitAsync(TestDaemon.Timeout);
        var alias = (await owner.Client.GetStateAsync(room, "m.room.canonical_alias")).GetProperty("alias").GetString()!;
        await using var daemon = await TestDaemon.StartAsync(server, agent, alias);

        var status = await Eventually.WaitAsync(async () =>
        {
            var s = await daemon.GetAsync("/status", GatewayJsonContext.Default.StatusResponse);
            return s.RegistryProblem is null ? null : s;
        }, TestDaemon.Timeout, "registry problem reported");
        Assert.Contains("cchat setup", status.RegistryProblem, StringComparison.Ordinal);
        var sent = await daemon.SendAsync(new SendRequest { Text = "still working" });
        Assert.StartsWith("$", sent.EventId, StringComparison.Ordinal);
    }
}
