using System.Text.Json;
using AgentChat.Tests.Cli;

namespace AgentChat.Tests.Leases;

/// <summary>Two agents on two daemons against the real Synapse: races, the 409's shape, shared against exclusive.</summary>
public sealed class LeaseRaceTests
{
    private const int Rounds = 6;

    [Fact]
    public async Task Two_daemons_race_for_the_same_lease_and_exactly_one_wins_each_time()
    {
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        using var a = Cchat.For(server, alice, room);
        using var b = Cchat.For(server, bob, room);
        await using var da = await CliDaemon.StartAsync(a, alice.UserId.Localpart);
        await using var db = await CliDaemon.StartAsync(b, bob.UserId.Localpart);
        using var ga = new LeaseGateway(da);
        using var gb = new LeaseGateway(db);
        await WaitRegisteredAsync(ga, gb);

        for (var round = 0; round < Rounds; round++)
        {
            // Overlapping, not equal patterns: the overlap decides, not string equality.
            var takeA = ga.PostAsync("leases", $$"""{"patterns":["race{{round}}/**"],"ttl":"5m","reason":"round {{round}}"}""");
            var takeB = gb.PostAsync("leases", $$"""{"patterns":["race{{round}}/src/*.cs"]}""");
            var results = await Task.WhenAll(takeA, takeB);
            Assert.True(results.Count(r => r.Status == 200) == 1, $"round {round}: {results[0].Status} {results[0].Body} / {results[1].Status} {results[1].Body}");
            var (winner, loser) = results[0].Status == 200 ? (alice, results[1]) : (bob, results[0]);
            Assert.Equal(409, loser.Status);
            Assert.Equal("lease_conflict", loser.Body.GetProperty("code").GetString());
            var conflict = Assert.Single(loser.Body.GetProperty("conflicts").EnumerateArray());
            Assert.Equal(winner.UserId.Value, conflict.GetProperty("holder").GetString());
            Assert.True(conflict.GetProperty("expires_at").GetInt64() > DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            Assert.Contains(winner.UserId.Localpart, loser.Body.GetProperty("error").GetString(), StringComparison.Ordinal);

            // The loser withdrew: the room holds exactly the winner's lease on these paths.
            var (_, list) = await ga.GetAsync("leases");
            var held = list.GetProperty("leases").EnumerateArray().Where(l => l.GetProperty("patterns")[0].GetString()!.StartsWith($"race{round}/", StringComparison.Ordinal)).ToList();
            Assert.Equal(winner.UserId.Value, Assert.Single(held).GetProperty("holder").GetString());
            var winnerGateway = winner == alice ? ga : gb;
            var (released, _) = await winnerGateway.PostAsync("leases/release", """{"all":true}""");
            Assert.Equal(200, released);
        }
    }

    [Fact]
    public async Task Shared_leases_coexist_exclusive_ones_do_not_and_the_cli_says_who_and_until_when()
    {
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        using var a = Cchat.For(server, alice, room);
        using var b = Cchat.For(server, bob, room);
        await using var da = await CliDaemon.StartAsync(a, alice.UserId.Localpart);

        await a.OkAsync("lease", "take", "docs/**", "--shared", "--reason", "reading the docs");
        await b.OkAsync("lease", "take", "docs/a.md", "--shared"); // bob in direct mode: shared + shared
        var refused = await b.RunAsync("lease", "take", "docs/b.md", "--ttl", "10m");
        Assert.True(refused.ExitCode == 4, refused.StdErr);
        Assert.Contains($"by {alice.UserId.Localpart} ({alice.UserId})", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains("until ", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains("reading the docs", refused.StdErr, StringComparison.Ordinal);

        await b.OkAsync("lease", "take", "src/**"); // exclusive, nobody else there
        var check = await a.RunAsync("lease", "check", "src/x.cs", "docs/a.md", "--json");
        Assert.True(check.ExitCode == 4, check.StdErr);
        var paths = CliJson.Object(check.StdOut).GetProperty("paths").EnumerateArray().ToList();
        Assert.True(paths[0].GetProperty("blocked").GetBoolean());
        Assert.False(paths[1].GetProperty("blocked").GetBoolean()); // bob's shared lease does not block
        var viaGateway = await a.RunAsync("lease", "take", "src/a/b.cs");
        Assert.True(viaGateway.ExitCode == 4, viaGateway.StdErr);
        Assert.Contains(bob.UserId.Value, viaGateway.StdErr, StringComparison.Ordinal);

        Assert.Contains("released", await b.OkAsync("lease", "release", "src/**"), StringComparison.Ordinal);
        Assert.Equal(0, (await a.RunAsync("lease", "check", "src/x.cs")).ExitCode);
        var renewed = CliJson.Object(await a.OkAsync("lease", "take", "docs/", "--shared", "--ttl", "1h", "--json"));
        Assert.True(renewed.GetProperty("renewed").GetBoolean()); // docs/ is docs/**: the same lease, a later expiry
    }

    [Fact]
    public async Task The_gateway_refuses_bad_lease_requests_with_400_and_stays_healthy()
    {
        var (server, alice, _, room) = await CliAgents.TwoAgentsAsync();
        using var a = Cchat.For(server, alice, room);
        await using var da = await CliDaemon.StartAsync(a, alice.UserId.Localpart);
        using var ga = new LeaseGateway(da);
        foreach (var (body, code) in new[]
                 {
                     ("""{"patterns":["a"],"colour":"red"}""", "bad_json"), ("""{"patterns":"a"}""", "bad_json"), ("{}", "no_patterns"),
                     ("""{"patterns":["/etc/passwd"]}""", "bad_pattern"), ("""{"patterns":["a"],"ttl":"forever"}""", "bad_ttl"),
                     ("""{"patterns":["a"],"ttl":"400d"}""", "bad_ttl"),
                     ($$"""{"patterns":[{{string.Join(',', Enumerable.Range(0, 40).Select(i => $"\"p{i}\""))}}]}""", "too_many_patterns"),
                 })
        {
            var (status, answer) = await ga.PostAsync("leases", body);
            Assert.True(status == 400, $"{body}: {status} {answer}");
            Assert.Equal(code, answer.GetProperty("code").GetString());
        }
        Assert.Equal(400, (await ga.GetAsync("leases/check")).Status);
        Assert.Equal(200, (await ga.GetAsync("leases")).Status);
    }

    /// <summary>Both daemons' registry entries are in the room (a lease of a holder without one would bind nobody).</summary>
    private static async Task WaitRegisteredAsync(LeaseGateway a, LeaseGateway b)
    {
        foreach (var g in new[] { a, b })
        {
            await Infrastructure.Eventually.WaitAsync(async () =>
            {
                var (status, body) = await g.PostAsync("leases", """{"patterns":["warm-up/**"],"ttl":"10s","shared":true}""");
                return status == 200 ? (object)body : null;
            }, TimeSpan.FromSeconds(60), "the daemon can take a lease");
            await g.PostAsync("leases/release", """{"all":true}""");
        }
    }
}
