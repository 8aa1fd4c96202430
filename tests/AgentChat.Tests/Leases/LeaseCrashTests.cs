using System.Globalization;
using AgentChat.Matrix;
using AgentChat.Registry;
using AgentChat.Tests.Cli;
using AgentChat.Tests.Infrastructure;
using Xunit.Abstractions;

namespace AgentChat.Tests.Leases;

/// <summary>
/// A crashed holder's lease lapses with its registry entry: a SIGKILLed daemon writes no offline, so its exclusive lease
/// (30 min) binds until its entry's TTL (here 10 s, set by the operator's AGENTCHAT_REGISTRY_TTL) passes, and no longer.
/// </summary>
public sealed class LeaseCrashTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private const long TtlMs = 10_000;
    private const string IntervalVariable = "AGENTCHAT_HEARTBEAT_INTERVAL";
    private const string TtlVariable = "AGENTCHAT_REGISTRY_TTL";

    [Fact]
    public async Task A_sigkilled_holders_lease_binds_while_its_entry_lives_and_lapses_with_it()
    {
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        using var a = Cchat.For(server, alice, room);
        a.Env[IntervalVariable] = "2s";
        a.Env[TtlVariable] = "10s";
        using var b = Cchat.For(server, bob, room);
        using var guard = Cchat.For(server, bob, room); // no daemon in its runtime dir: the hook runs in direct mode
        var roomId = await bob.Client.JoinRoomAsync(room).WaitAsync(Timeout);
        var repo = await LeaseGit.RepoWithHookAsync(guard);
        Directory.CreateDirectory(Path.Combine(repo, "src", "parser"));
        await File.WriteAllTextAsync(Path.Combine(repo, "src", "parser", "Lexer.cs"), "class Lexer {}\n");
        await LeaseGit.GitAsync(guard, repo, "add", "src/parser/Lexer.cs");

        await using var da = await CliDaemon.StartAsync(a, alice.UserId.Localpart);
        await using var db = await CliDaemon.StartAsync(b, bob.UserId.Localpart);
        await a.OkAsync("lease", "take", "src/**", "--ttl", "30m", "--reason", "the crash test");
        var first = await EntryAsync(bob, roomId, alice);
        Assert.Equal(TtlMs, first.TtlMs); // the daemon writes the operator's TTL into its own entry

        // Kill right after a refresh, so the checks below run well inside the entry's life.
        var fresh = await Eventually.WaitAsync(async () => await EntryAsync(bob, roomId, alice) is { } e && e.LastSeen > first.LastSeen ? e : null,
            Timeout, "alice's daemon refreshes its entry within the TTL");
        await da.KillAsync();
        var lapse = fresh.LastSeen + fresh.TtlMs;

        var refused = await b.RunAsync("lease", "take", "src/parser/**");
        Assert.True(refused.ExitCode == 4, $"a live crashed holder's lease still binds: {refused.ExitCode} {refused.StdOut}{refused.StdErr}");
        Assert.Contains(alice.UserId.Value, refused.StdErr + refused.StdOut, StringComparison.Ordinal);
        var blocked = await LeaseGit.RunGitAsync(guard, repo, "commit", "-q", "-m", "touches alice's paths");
        Assert.True(blocked.ExitCode != 0, "the guard lets a commit through while the holder's entry lives: " + blocked.StdOut + blocked.StdErr);
        Assert.Contains("src/parser/Lexer.cs", blocked.StdErr, StringComparison.Ordinal);
        var checkedAt = Now();
        Assert.True(checkedAt < lapse, "the refusals above came after alice's entry lapsed; they prove nothing (machine too slow?)");

        var taken = long.Parse(await Eventually.WaitAsync(async () => (await b.RunAsync("lease", "take", "src/parser/**")).ExitCode == 0 ? Now().ToString(CultureInfo.InvariantCulture) : null,
            Timeout, "bob takes the path once alice's entry has lapsed (her lease itself runs 30 min)"), CultureInfo.InvariantCulture);
        Assert.True(taken >= lapse, $"bob's take succeeded {lapse - taken} ms before alice's entry lapsed");
        output.WriteLine($"refusals done {lapse - checkedAt} ms before the lapse; the take succeeded {taken - lapse} ms after it (TTL {TtlMs} ms, lease 30 min)");
        await LeaseGit.GitAsync(guard, repo, "commit", "-q", "-m", "after the lapse");

        // No offline was written: the lease ended with the TTL, not with a clean stop.
        Assert.Equal("online", (await EntryAsync(bob, roomId, alice)).Status);
    }

    [Theory]
    [InlineData("2s", "3s", TtlVariable)]          // under the 5 s floor
    [InlineData("2s", "2h", TtlVariable)]          // past what readers believe
    [InlineData("10s", "15s", "twice the heartbeat interval")]
    [InlineData("soon", "10s", IntervalVariable)]
    public async Task The_daemon_refuses_a_registry_timing_that_would_not_hold(string interval, string ttl, string said)
    {
        var server = await SynapseServer.GetAsync().WaitAsync(TimeSpan.FromMinutes(8));
        using var a = Cchat.For(server, await server.CreateUserAsync("alice"));
        a.Env[IntervalVariable] = interval;
        a.Env[TtlVariable] = ttl;
        var r = await a.RunAsync("daemon", "--port", "0");
        Assert.True(r.ExitCode == 1, $"{r.ExitCode}: {r.StdErr}");
        Assert.Contains(said, r.StdErr, StringComparison.Ordinal);
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static async Task<InstanceEntry> EntryAsync(TestUser reader, RoomId room, TestUser of) =>
        InstanceEntryReader.Read(await reader.Client.GetStateAsync(room, InstanceEntry.EventType, of.UserId.Value).WaitAsync(Timeout))
        ?? throw new InvalidOperationException($"{of.UserId}'s registry entry cannot be read");
}
