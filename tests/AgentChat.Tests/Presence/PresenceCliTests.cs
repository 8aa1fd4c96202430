using AgentChat.Registry;
using AgentChat.Tests.Cli;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Presence;

/// <summary>The published cchat: <c>presence</c>, <c>who</c> and the send warnings, through a daemon and in direct mode.</summary>
public sealed class PresenceCliTests
{
    [Fact]
    public async Task Busy_and_idle_through_the_daemon_and_directly_show_in_who_and_sends_to_the_unwakeable_warn_in_both_modes()
    {
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        await using var daemon = await TestDaemon.StartAsync(server, bob, room, configure: o => o.PresenceDebounce = TimeSpan.FromMilliseconds(200));
        using var a = Cchat.For(server, alice, room); // no daemon: direct mode
        using var b = Cchat.For(server, bob, room);
        b.Env["AGENTCHAT_GATEWAY"] = daemon.Daemon.Gateway.ToString();
        b.Env["AGENTCHAT_GATEWAY_TOKEN"] = daemon.Daemon.Token;
        string bobName = bob.UserId.Localpart, aliceName = alice.UserId.Localpart;

        var said = CliJson.Object(await b.OkAsync("presence", "--busy", "reviewing PR 7", "--json"));
        Assert.True(said.GetProperty("busy").GetBoolean());
        Assert.Equal("reviewing PR 7", said.GetProperty("on").GetString());
        Assert.Equal("gateway", said.GetProperty("via").GetString());
        var seen = await WhoAsync(a, bob.UserId.Value, i => i.Busy, "alice (direct) sees bob busy");
        Assert.Equal("reviewing PR 7", seen.BusyOn);
        Assert.Equal("none", seen.Wakeable);
        var line = Assert.Single((await a.OkAsync("who")).Split('\n'), l => l.Contains(bob.UserId.Value, StringComparison.Ordinal));
        Assert.Contains("busy (reviewing PR 7), wake: none", line, StringComparison.Ordinal);

        var toBob = await a.RunAsync("send", "please look at it", "--to", bobName);
        Assert.True(toBob.ExitCode == 0, toBob.StdErr);
        Assert.Contains($"warning: {bobName} is online but cannot be woken (no channel or hook); it sees the message when it next reads", toBob.StdErr,
            StringComparison.Ordinal);

        Assert.Contains("idle, wake: none", await b.OkAsync("presence", "--idle"), StringComparison.Ordinal);
        await WhoAsync(a, bob.UserId.Value, i => !i.Busy, "alice sees bob idle again");

        var direct = CliJson.Object(await a.OkAsync("presence", "--busy", "writing docs", "--json"));
        Assert.Equal("direct", direct.GetProperty("via").GetString());
        var aliceRow = await WhoAsync(b, alice.UserId.Value, i => i.Busy, "bob (through his daemon) sees alice busy");
        Assert.Equal(("writing docs", "none", "ephemeral"), (aliceRow.BusyOn, aliceRow.Wakeable, aliceRow.Kind));
        var toAlice = await b.RunAsync("send", "ping", "--to", aliceName);
        Assert.True(toAlice.ExitCode == 0, toAlice.StdErr);
        Assert.Contains($"warning: {aliceName} is online but cannot be woken", toAlice.StdErr, StringComparison.Ordinal);

        // What a direct-mode read consumed reaches the entry at once, with the busy flag still in it.
        var read = CliJson.Read(await a.OkAsync("read", "--json"));
        Assert.Contains(read.Messages, m => m.Text == "ping");
        var consumed = await WhoAsync(b, alice.UserId.Value, i => i.Cursor == read.Next, "bob sees what alice read");
        Assert.True(consumed.Busy);
        Assert.NotNull(consumed.CursorAt);

        var both = await a.RunAsync("presence", "--busy", "--idle");
        Assert.Equal(1, both.ExitCode);
    }

    [Fact]
    public async Task A_send_in_direct_mode_to_an_offline_agent_says_the_message_waits_as_unread()
    {
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        var roomId = await bob.Client.JoinRoomAsync(room).WaitAsync(TestDaemon.Timeout);
        var lastSeen = DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeMilliseconds();
        await InstanceRegistry.WriteAsync(bob.Client, roomId, bob.UserId, new InstanceEntry
        {
            Instance = "bobby", Kind = "persistent", LastSeen = lastSeen, StartedAt = lastSeen, Status = "offline",
        }, CancellationToken.None).WaitAsync(TestDaemon.Timeout);
        using var a = Cchat.For(server, alice, room);

        var r = await a.RunAsync("send", "when you are back", "--to", "bobby");

        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("warning: bobby is offline (last seen 30 min ago); the message waits for it as unread", r.StdErr, StringComparison.Ordinal);
    }

    private static Task<InstanceInfo> WhoAsync(Cchat cchat, string userId, Func<InstanceInfo, bool> condition, string what) =>
        Eventually.WaitAsync(async () => CliJson.Who(await cchat.OkAsync("who", "--json")).Instances
            .FirstOrDefault(i => i.UserId == userId && i.Alive && condition(i)), TestDaemon.Timeout, what);
}
