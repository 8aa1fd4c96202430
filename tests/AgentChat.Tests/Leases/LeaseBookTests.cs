using System.Text.Json;
using AgentChat.Leases;
using AgentChat.Matrix;
using AgentChat.Registry;

namespace AgentChat.Tests.Leases;

/// <summary>Which leases bind, from room state strangers wrote: forged, malformed, absurd ones bind nobody; a lease dies with its holder.</summary>
public sealed class LeaseBookTests
{
    private const string Alpha = "@alpha:localhost";
    private const string Beta = "@beta:localhost";
    private const long Now = 1_800_000_000_000;

    [Fact]
    public void A_live_holders_unexpired_lease_binds_and_clashes_by_pattern_and_mode()
    {
        var book = LeaseBook.From([Entry(Alpha), Leases(Alpha, Alpha, Item("l1", ["src/**"]), Item("l2", ["docs/*.md"], shared: true))], Now);
        Assert.Equal(["l1", "l2"], book.Live.Select(h => h.Lease.Id));
        Assert.Equal("alpha (@alpha:localhost)", book.Live[0].Who);
        Assert.Single(book.Conflicts(Beta, ["src/a.cs"], shared: true)); // exclusive against shared
        Assert.Empty(book.Conflicts(Beta, ["docs/a.md"], shared: true)); // shared + shared coexist
        Assert.Single(book.Conflicts(Beta, ["docs/**"], shared: false)); // exclusive against shared
        Assert.Empty(book.Conflicts(Alpha, ["src/a.cs"], shared: false)); // one's own never clash
        Assert.Empty(book.Conflicts(Beta, ["tests/**"], shared: false));
        Assert.Equal(["l1"], book.On(Beta, "src/x/y.cs").Select(h => h.Lease.Id));
    }

    [Fact]
    public void A_lease_ends_at_its_expiry_and_with_its_holders_liveness()
    {
        var lease = Leases(Alpha, Alpha, Item("l1", ["src/**"]));
        Assert.Empty(LeaseBook.From([Entry(Alpha), lease], Now + 31 * 60_000).Live); // past its TTL (30 min)
        Assert.Empty(LeaseBook.From([Entry(Alpha, status: "offline"), lease], Now).Live); // a clean stop
        Assert.Empty(LeaseBook.From([Entry(Alpha, lastSeen: Now - 200_000), lease], Now).Live); // missed the registry TTL
        Assert.Empty(LeaseBook.From([lease], Now).Live); // no registry entry at all
        var daemons = Leases(Alpha, Alpha, Item("l1", ["src/**"], run: 42));
        Assert.Single(LeaseBook.From([Entry(Alpha, startedAt: 42), daemons], Now).Live);
        Assert.Empty(LeaseBook.From([Entry(Alpha, startedAt: 43), daemons], Now).Live); // the daemon restarted: not brought back
    }

    [Fact]
    public void Forged_and_malformed_lease_state_binds_nobody_and_throws_nothing()
    {
        var good = Item("ok", ["ok/**"]);
        var state = new List<MatrixEvent>
        {
            Entry(Alpha), Entry(Beta),
            Leases(Beta, Alpha, good), // written by beta under alpha's name
            Raw(Alpha, Alpha, """{"user_id":"@beta:localhost","leases":[]}"""), // user_id disagrees
            Raw(Alpha, "not-a-user", "{}"),
            Raw(Alpha, Alpha, "[1,2]"),
            Raw(Beta, Beta, """{"leases":"all of them"}"""),
        };
        Assert.Empty(LeaseBook.From(state, Now).Live);

        var hostile = new[]
        {
            Item("many", Enumerable.Range(0, 10_000).Select(i => $"p{i}").ToArray()),
            Item("year", ["a"], ttlMs: 365L * 24 * 3_600_000),
            Item("future", ["b"], takenAt: Now + 3_600_000),
            Item("huge", [new string('x', 100_000)]),
            """{"id":7,"patterns":["c"],"mode":"exclusive","taken_at":1,"expires_at":2}""",
            """{"id":"m","patterns":["c"],"mode":"sole","taken_at":1,"expires_at":2}""",
            """{"id":"n","patterns":[1,2],"mode":"exclusive","taken_at":1,"expires_at":2}""",
            """{"id":"o","patterns":["/etc/passwd"],"mode":"exclusive","taken_at":1,"expires_at":2}""",
            "null", "\"lease\"",
            good,
        };
        var book = LeaseBook.From([Entry(Alpha), Leases(Alpha, Alpha, hostile)], Now);
        Assert.Equal(["ok"], book.Live.Select(h => h.Lease.Id));

        var flood = Enumerable.Range(0, 500).Select(i => Item($"f{i}", [$"f{i}"])).ToArray();
        Assert.Equal(LeaseLimits.MaxLeasesPerHolder, LeaseBook.From([Entry(Alpha), Leases(Alpha, Alpha, flood)], Now).Live.Count);
    }

    [Fact]
    public void The_race_goes_to_the_lease_whose_first_event_came_first()
    {
        // /messages backwards: newest first. alpha's l1 appears first (oldest), beta's l9 after; alpha rewrote its state later.
        var page = new[] { Leases(Alpha, Alpha, Item("l1", ["a"]), Item("l2", ["b"])), Leases(Beta, Beta, Item("l9", ["a"])), Leases(Alpha, Alpha, Item("l1", ["a"])) };
        var order = LeaseOrder.FromNewestFirst(page);
        Assert.True(order.Rank(Alpha, "l1") < order.Rank(Beta, "l9"));
        Assert.True(order.Rank(Beta, "l9") < order.Rank(Alpha, "l2"));
        Assert.Equal(-1, order.Rank(Beta, "older"));
        var alphas = new HeldLease(Alpha, "alpha", LeaseStateReader.ReadLease(Parse(Item("l1", ["a"])))!);
        Assert.True(order.Before(alphas, Beta, "l9"));
        var betas = new HeldLease(Beta, "beta", LeaseStateReader.ReadLease(Parse(Item("l9", ["a"])))!);
        Assert.False(order.Before(betas, Alpha, "l1"));
        Assert.Equal(-1, LeaseOrder.FromNewestFirst([Leases(Beta, Alpha, Item("forged", ["a"]))]).Rank(Alpha, "forged"));
    }

    [Theory]
    [InlineData("!release src/a.cs", "src/a.cs")]
    [InlineData("!RELEASE   `docs/`  ", "docs/**")]
    [InlineData("!release", null)]
    [InlineData("!released src/a.cs", null)]
    [InlineData("!release /etc/passwd", null)]
    [InlineData("please !release src/a.cs", null)]
    public void A_humans_release_command_names_one_path(string body, string? path) => Assert.Equal(path, LeaseNotice.ReleasePath(body));

    private static string Item(string id, string[] patterns, bool shared = false, long? run = null, long ttlMs = 30 * 60_000, long takenAt = Now - 1000) =>
        "{\"id\":\"" + id + "\",\"patterns\":[" + string.Join(',', patterns.Select(p => "\"" + p + "\"")) + "],\"mode\":\"" + (shared ? "shared" : "exclusive")
        + "\",\"taken_at\":" + takenAt + ",\"expires_at\":" + (takenAt + ttlMs) + (run is { } r ? ",\"run\":" + r : "") + "}";

    private static MatrixEvent Leases(string sender, string holder, params string[] items) =>
        Raw(sender, holder, "{\"user_id\":\"" + holder + "\",\"instance\":\"" + holder[1..holder.IndexOf(':')] + "\",\"leases\":[" + string.Join(',', items) + "]}");

    private static MatrixEvent Raw(string sender, string stateKey, string content) => JsonSerializer.Deserialize(
        "{\"type\":\"" + LeaseStateContent.EventType + "\",\"state_key\":\"" + stateKey + "\",\"event_id\":\"$" + Guid.NewGuid().ToString("N") + "\",\"sender\":\"" + sender
        + "\",\"origin_server_ts\":1,\"content\":" + content + "}", MatrixJsonContext.Default.MatrixEvent)!;

    private static MatrixEvent Entry(string user, string status = "online", long lastSeen = Now - 1000, long startedAt = 1) => JsonSerializer.Deserialize(
        "{\"type\":\"" + InstanceEntry.EventType + "\",\"state_key\":\"" + user + "\",\"event_id\":\"$s\",\"sender\":\"" + user
        + "\",\"origin_server_ts\":1,\"content\":{\"instance\":\"" + user[1..user.IndexOf(':')] + "\",\"kind\":\"persistent\",\"status\":\"" + status
        + "\",\"user_id\":\"" + user + "\",\"last_seen\":" + lastSeen + ",\"started_at\":" + startedAt + ",\"ttl_ms\":120000}}",
        MatrixJsonContext.Default.MatrixEvent)!;

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
