using AgentChat.Daemon.Registry;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Registry;
using AgentChat.Tests.Infrastructure;
using AgentChat.Tests.Metrics;
using AgentChat.Tests.Presence;

namespace AgentChat.Tests.Daemon;

/// <summary>Issue #27: a heartbeat that changed nothing costs a daemon nothing, and writes nothing before half the TTL.</summary>
public sealed class RegistryCostTests
{
    [Fact]
    public void A_beat_that_keeps_the_name_returns_the_same_sender_directory()
    {
        var directory = SenderDirectory.FromState(Enumerable.Range(0, 200).Select(i => Entry($"@a{i}:x", $"a{i}", lastSeen: 1)));

        var beat = directory.With([Entry("@a7:x", "a7", lastSeen: 60_001)]);
        Assert.Same(directory, beat);

        var renamed = directory.With([Entry("@a7:x", "seven", lastSeen: 60_001)]);
        Assert.NotSame(directory, renamed);
        Assert.Equal("seven", renamed.InstanceOf("@a7:x"));
        Assert.Equal("a7", directory.InstanceOf("@a7:x")); // the old one is untouched
        Assert.Equal(200, renamed.AgentCount);

        var forged = renamed.With([Entry("@a8:x", "a8", lastSeen: 2, sender: "@mallory:x")]);
        Assert.True(forged.IsHuman("@a8:x"));
        Assert.Equal(199, forged.AgentCount);
        Assert.Same(forged, forged.With([Entry("@nobody:x", "x", lastSeen: 3, sender: "@mallory:x")])); // removing what is not there changes nothing
    }

    [Fact]
    public void The_refresh_rule_writes_a_change_at_once_and_an_unchanged_entry_at_half_the_ttl()
    {
        var rule = new RefreshRule();
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(1_000_000);
        var entry = Own(t0);
        Assert.True(rule.MustWrite(entry, t0));
        rule.Written(entry, t0);

        Assert.False(rule.MustWrite(Own(t0.AddSeconds(30)), t0.AddSeconds(30)));
        Assert.False(rule.MustWrite(Own(t0.AddSeconds(58)), t0.AddSeconds(58)));
        Assert.True(rule.MustWrite(Own(t0.AddSeconds(59)), t0.AddSeconds(59))); // 60 s is half the TTL, less a second of slack
        Assert.True(rule.MustWrite(Own(t0.AddSeconds(1)) with { Cursor = "$read" }, t0.AddSeconds(1)));
        Assert.True(rule.MustWrite(Own(t0.AddSeconds(1)) with { Claim = "$first" }, t0.AddSeconds(1)));
        Assert.True(rule.MustWrite(Own(t0.AddSeconds(1)) with { Busy = true, BusyOn = "review" }, t0.AddSeconds(1)));
    }

    [Fact]
    public async Task Unchanged_beats_write_nothing_a_change_writes_once_and_the_agent_stays_online()
    {
        var (server, owner, alice, bob, roomId, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var b = await TestDaemon.StartAsync(server, bob, alias);
        await using var a = await TestDaemon.StartAsync(server, alice, alias, configure: o => o.HeartbeatInterval = TimeSpan.FromMilliseconds(200));
        await PresenceProbe.SeenAsync(b, alice.UserId, i => i.Claim is not null, "alice online with her claim");

        // Twenty looks at a 200 ms interval: the old heartbeat wrote each of them.
        var skipped = await Eventually.WaitAsync(async () =>
        {
            var n = Samples.Parse(await ScrapeAsync(a)).Get("agentchat_registry_beats_skipped_total");
            return n >= 20 ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        }, TestDaemon.Timeout, "alice's daemon skips unchanged beats");
        var written = await WritesAsync(owner, roomId, alice.UserId);
        Assert.True(written <= 3, $"{written} registry writes after {skipped} unchanged beats: only the first entry, the one naming its claim and one with the cursor found at start may be written");
        Assert.Equal(written, Samples.Parse(await ScrapeAsync(a)).Get("agentchat_registry_writes_total"));
        Assert.True((await b.GetAsync("/who", GatewayJsonContext.Default.WhoResponse)).Instances.Single(i => i.UserId == alice.UserId.Value).Alive);

        await PresenceProbe.SetAsync(a, new PresenceRequest { Busy = true, On = "the refresh rule" });
        await PresenceProbe.SeenAsync(b, alice.UserId, i => i.Busy && i.BusyOn == "the refresh rule", "bob sees alice busy");
        Assert.Equal(written + 1, await WritesAsync(owner, roomId, alice.UserId));
    }

    /// <summary>Alice's registry events in the room's history, as the homeserver holds them.</summary>
    private static async Task<int> WritesAsync(TestUser reader, RoomId room, UserId user)
    {
        var page = await reader.Client.GetMessagesAsync(room, null, Direction.Backward, 1000).WaitAsync(TestDaemon.Timeout);
        return page.Chunk.Count(e => e.Type == InstanceEntry.EventType && e.StateKey == user.Value && e.Sender == user);
    }

    private static async Task<string> ScrapeAsync(TestDaemon daemon)
    {
        using var response = await daemon.Http.GetAsync("/metrics").WaitAsync(TestDaemon.Timeout);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"/metrics answered {(int)response.StatusCode}: {text}");
        return text;
    }

    private static InstanceEntry Own(DateTimeOffset at) =>
        InstanceEntry.ForThisHost("alice", "persistent", "d", [], 1, at.ToUnixTimeMilliseconds(), "online");

    private static MatrixEvent Entry(string user, string instance, long lastSeen, string? sender = null) => System.Text.Json.JsonSerializer.Deserialize(
        $$$"""{"type":"{{{InstanceEntry.EventType}}}","state_key":"{{{user}}}","event_id":"$s{{{lastSeen}}}","sender":"{{{sender ?? user}}}","origin_server_ts":{{{lastSeen}}},"content":{"instance":"{{{instance}}}","kind":"persistent","status":"online","last_seen":{{{lastSeen}}}}}""",
        MatrixJsonContext.Default.MatrixEvent)!;
}
