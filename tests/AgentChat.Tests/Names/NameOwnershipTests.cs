using System.Net;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Registry;
using AgentChat.Tests.Cli;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Names;

/// <summary>Names are owned: the earliest live claimant keeps a name; a later claim is refused, contested, and never addressed.</summary>
public sealed class NameOwnershipTests
{
    [Fact]
    public async Task An_impostor_is_refused_and_a_forged_entry_never_takes_the_name_until_the_owner_stops_cleanly()
    {
        var (server, owner, alice, bob, roomId, alias) = await SharedRoom.WithTwoAgentsAsync();
        var keeper = new Dictionary<string, string> { ["AGENTCHAT_INSTANCE"] = "keeper" };
        var aliceDaemon = await TestDaemon.StartAsync(server, alice, alias, env: keeper);
        var firstEntry = await Eventually.WaitAsync(async () => await EntryEventAsync(owner.Client, roomId, alice.UserId), TestDaemon.Timeout, "alice's entry");

        // A second account claiming the live name refuses to start, as a daemon and as an MCP server: exit 2, naming the holder.
        using var impostor = Cchat.For(server, bob, alias);
        impostor.Env["AGENTCHAT_INSTANCE"] = "keeper";
        var daemon = await impostor.RunAsync("daemon", "--port", "0");
        Assert.True(daemon.ExitCode == 2, $"daemon exited {daemon.ExitCode}\n{daemon.StdOut}\n{daemon.StdErr}");
        Assert.Contains($"held by {alice.UserId}", daemon.StdErr, StringComparison.Ordinal);
        var mcp = await impostor.RunWithInputAsync("", "mcp");
        Assert.True(mcp.ExitCode == 2, $"mcp exited {mcp.ExitCode}\n{mcp.StdErr}");
        Assert.Contains(alice.UserId.Value, mcp.StdErr, StringComparison.Ordinal);

        // The impostor writes a forged entry by raw REST: first by started_at, claiming alice's claim event as its own.
        await bob.Client.JoinRoomAsync(roomId.Value).WaitAsync(TestDaemon.Timeout);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var forged = await InstanceRegistry.WriteAsync(bob.Client, roomId, bob.UserId, new InstanceEntry
        {
            Instance = "Keeper", Kind = "persistent", StartedAt = 1, LastSeen = now, TtlMs = 3_600_000, Status = "online", Claim = firstEntry.EventId!.Value.Value,
        }, CancellationToken.None).WaitAsync(TestDaemon.Timeout);
        var forgedAt = (await owner.Client.GetEventAsync(roomId, forged).WaitAsync(TestDaemon.Timeout)).OriginServerTs;
        // The owner writes after it, so its latest entry is younger than the forgery: only its claim makes it first.
        using (await aliceDaemon.PostRawAsync("/presence", """{"busy": true, "on": "guarding"}""")) { }
        await Eventually.WaitAsync(async () => await EntryEventAsync(owner.Client, roomId, alice.UserId) is { } e && e.OriginServerTs > forgedAt
            && e.ContentString("claim") is not null ? e : null, TestDaemon.Timeout, "alice's entry rewritten after the forgery, with its claim");

        var rows = await InstanceRegistry.ReadAsync(owner.Client, roomId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), CancellationToken.None);
        Assert.False(rows.Single(r => r.UserId == alice.UserId.Value).Contested);
        var bobRow = rows.Single(r => r.UserId == bob.UserId.Value);
        Assert.True(bobRow.Contested);
        Assert.Equal(alice.UserId.Value, bobRow.HeldBy);

        await using (var sender = await TestDaemon.StartAsync(server, owner, alias))
        {
            var who = await sender.GetAsync("/who", GatewayJsonContext.Default.WhoResponse);
            Assert.Equal(alice.UserId.Value, who.Instances.Single(r => r.Contested).HeldBy);
            var sent = await sender.SendAsync(new SendRequest { Text = "are you there?", To = ["keeper"] });
            var e = await owner.Client.GetEventAsync(roomId, new EventId(sent.EventId)).WaitAsync(TestDaemon.Timeout);
            var html = e.ContentString("formatted_body") ?? "";
            Assert.Contains(alice.UserId.Value, html, StringComparison.Ordinal);
            Assert.DoesNotContain(bob.UserId.Value, html, StringComparison.Ordinal);
        }

        // A clean stop ends the claim: the name can be taken.
        await aliceDaemon.DisposeAsync();
        await using var taker = await TestDaemon.StartAsync(server, bob, alias, env: keeper);
        var after = await InstanceRegistry.ReadAsync(owner.Client, roomId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), CancellationToken.None);
        Assert.Equal(bob.UserId.Value, NameClaims.Holder("keeper", after, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())?.UserId);
    }

    [Fact]
    public void The_earliest_claim_by_the_homeservers_clock_holds_a_live_name_whatever_started_at_says()
    {
        var now = 1_000_000L;
        InstanceInfo Row(string user, long claimedAt, long startedAt, string status = "online") => new()
        {
            UserId = user, Instance = "b", Alive = status == "online", Kind = "persistent", Status = status, LastSeen = now, StartedAt = startedAt, ClaimedAt = claimedAt,
        };

        var rows = NameClaims.Mark([Row("@late:x", 900, startedAt: 1), Row("@first:x", 500, startedAt: 999_999)], now);
        Assert.Equal("@first:x", NameClaims.Holder("B", rows, now)?.UserId);
        Assert.True(rows.Single(r => r.UserId == "@late:x").Contested);
        Assert.Equal("@first:x", AgentChat.Verbs.RecipientResolver.Find("b", rows)?.UserId);

        var lapsed = NameClaims.Mark([Row("@late:x", 900, 1), Row("@first:x", 500, 1, status: "offline")], now);
        Assert.Equal("@late:x", NameClaims.Holder("b", lapsed, now)?.UserId);
        Assert.DoesNotContain(lapsed, r => r.Contested);
    }

    [Theory]
    [InlineData(long.MaxValue, 120_000L)]                // last_seen in the far future
    [InlineData(1_000_000L + 86_400_000L, 120_000L)]      // a day ahead
    [InlineData(1_000_000L, long.MaxValue)]               // a TTL that never ends: read as an hour
    [InlineData(long.MinValue, 120_000L)]                 // so far back that now - last_seen overflows
    [InlineData(999_999L, -5L)]                           // a negative TTL
    public void A_forged_last_seen_or_ttl_never_holds_a_name_beyond_one_ttl(long lastSeen, long ttlMs)
    {
        var now = 1_000_000L;
        var later = now + InstanceEntry.MaxTtlMs + 1;
        InstanceInfo Row(string user, long claimedAt, long seen, long ttl) => new()
        {
            UserId = user, Instance = "b", Alive = true, Kind = "persistent", Status = "online", LastSeen = seen, TtlMs = ttl, StartedAt = 1, ClaimedAt = claimedAt,
        };

        var forged = Row("@forger:x", 1, lastSeen, ttlMs);
        var owner = Row("@owner:x", 500, now, InstanceEntry.DefaultTtlMs);
        var holderNow = NameClaims.Holder("b", [forged, owner], now)?.UserId;
        Assert.True(holderNow == "@owner:x" || ttlMs == long.MaxValue, $"the forged entry holds the name at once: {holderNow}");
        Assert.Null(NameClaims.Holder("b", [forged], later));
        Assert.True(InstanceEntry.IsAlive("online", now + 60_000, 120_000, now), "a little clock skew ahead is still alive");
    }

    private static async Task<MatrixEvent?> EntryEventAsync(MatrixClient client, RoomId room, UserId user) =>
        (await client.GetRoomStateAsync(room).WaitAsync(TestDaemon.Timeout)).FirstOrDefault(e => e.Type == InstanceEntry.EventType && e.StateKey == user.Value);
}
