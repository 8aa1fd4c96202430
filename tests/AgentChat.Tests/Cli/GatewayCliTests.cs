using System.Diagnostics;
using AgentChat.Configuration;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Cli;

/// <summary>
/// The CLI against a real `cchat daemon --port 0`: send, read, who and status go through its gateway, and
/// when the daemon stops, the CLI falls back to direct REST. (Excluded from the build in
/// AgentChat.Tests.csproj until the daemon exists in this branch.)
/// </summary>
public sealed class GatewayCliTests
{
    [Fact]
    public async Task Send_read_who_status_go_through_the_daemon_then_fall_back_when_it_stops()
    {
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        using var a = Cchat.For(server, alice, room);
        using var b = Cchat.For(server, bob, room);
        await using var daemon = await CliDaemon.StartAsync(a, alice.UserId.Localpart);

        var sent = CliJson.Object(await a.OkAsync("send", "via the gateway", "--kind", "status", "--json"));
        Assert.Equal("gateway", sent.GetProperty("via").GetString());
        Assert.Equal(["via the gateway"], CliJson.Read(await b.OkAsync("read", "--json")).Messages.Select(m => m.Text));

        await b.OkAsync("send", "hello daemon", "--to", alice.UserId.Localpart);
        // Whether the daemon lists the agent's own messages as unread is its choice; bob's must come exactly once.
        var fromBob = await Eventually.WaitAsync(async () =>
        {
            var r = CliJson.Read(await a.OkAsync("read", "--wait", "5", "--json"));
            var others = r.Messages.Where(m => m.Sender != alice.UserId.Value).ToList();
            return others.Count > 0 ? others : null;
        }, TimeSpan.FromSeconds(30), "alice's daemon delivers bob's message");
        var message = Assert.Single(fromBob);
        Assert.Equal("hello daemon", message.Text);
        Assert.Contains(alice.UserId.Value, message.Mentions);
        Assert.DoesNotContain(CliJson.Read(await a.OkAsync("read", "--json")).Messages, m => m.Sender != alice.UserId.Value);

        var who = CliJson.Who(await b.OkAsync("who", "--json"));
        Assert.Contains(who.Instances, i => i.UserId == alice.UserId.Value && i.Kind == "persistent" && i.Alive);
        var status = CliJson.Object(await a.OkAsync("status", "--json"));
        Assert.Equal("gateway", status.GetProperty("mode").GetString());
        Assert.True(status.GetProperty("healthy").GetBoolean());
        Assert.DoesNotContain(daemon.Token, await a.OkAsync("status"), StringComparison.Ordinal);

        await daemon.StopAsync();
        Assert.False(File.Exists(daemon.DiscoveryPath), "the daemon removes its discovery file on exit");
        var fallback = CliJson.Object(await a.OkAsync("send", "after the daemon", "--json"));
        Assert.Equal("direct", fallback.GetProperty("via").GetString());
    }

    [Fact]
    public async Task The_same_txn_id_sent_to_the_gateway_and_directly_yields_one_event()
    {
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        using var a = Cchat.For(server, alice, room);
        var first = CliJson.Object(await a.OkAsync("send", "once", "--txn-id", "fixed.key-1", "--json"));
        await using (await CliDaemon.StartAsync(a, alice.UserId.Localpart))
        {
            var second = CliJson.Object(await a.OkAsync("send", "once", "--txn-id", "fixed.key-1", "--json"));
            Assert.Equal(first.GetProperty("event_id").GetString(), second.GetProperty("event_id").GetString());
        }
        using var b = Cchat.For(server, bob, room);
        Assert.Equal(["once"], CliJson.Read(await b.OkAsync("read", "--json")).Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task Gateway_errors_exit_as_direct_mode_does()
    {
        var (server, alice, _, room) = await CliAgents.TwoAgentsAsync();
        using var a = Cchat.For(server, alice, room);
        await using var daemon = await CliDaemon.StartAsync(a, alice.UserId.Localpart);
        for (var through = 0; through < 2; through++)
        {
            var badCursor = await a.RunAsync("read", "--since", "not-a-cursor");
            Assert.True(badCursor.ExitCode == 1, $"bad cursor ({(through == 0 ? "gateway" : "direct")}): {badCursor.StdErr}");
            var unknown = await a.RunAsync("send", "x", "--dm", "nosuchagent");
            Assert.True(unknown.ExitCode == 2, $"unknown recipient ({(through == 0 ? "gateway" : "direct")}): {unknown.StdErr}");
            Assert.Contains("nosuchagent", unknown.StdErr, StringComparison.Ordinal);
            await daemon.StopAsync();
        }
    }
}
