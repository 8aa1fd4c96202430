using System.Text;
using AgentChat.Leases;
using AgentChat.Matrix;
using AgentChat.Registry;
using AgentChat.Tests.Cli;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Leases;

/// <summary>
/// A lease ends at its TTL and with its holder: a holder whose registry entry lapses (it crashed: nothing refreshes it)
/// holds nothing after the entry's TTL. Forged and hostile lease state on the real server binds nobody.
/// </summary>
public sealed class LeaseLifetimeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_lease_lapses_at_its_ttl_and_a_crashed_holders_lapses_with_its_registry_entry()
    {
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        var carol = await server.CreateUserAsync("carol");
        using var a = Cchat.For(server, alice, room);
        using var b = Cchat.For(server, bob, room);
        await a.OkAsync("setup", "--invite", carol.UserId.Value);
        var roomId = await carol.Client.JoinRoomAsync(room).WaitAsync(Timeout);

        // Its own TTL: bob (direct mode) takes 5 s.
        await b.OkAsync("lease", "take", "short/**", "--ttl", "5s");
        Assert.Equal(4, (await a.RunAsync("lease", "check", "short/a")).ExitCode);
        await Eventually.WaitAsync(async () => (await a.RunAsync("lease", "check", "short/a")).ExitCode == 0 ? "" : null, Timeout, "the 5 s lease lapses");

        // Carol "crashes": her registry entry (TTL 3 s) is never refreshed; her lease (30 min) ends with it.
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var entry = InstanceEntry.ForThisHost("carol", "persistent", null, [], now, now, "online") with { TtlMs = 3000 };
        await InstanceRegistry.WriteAsync(carol.Client, roomId, carol.UserId, entry, CancellationToken.None).WaitAsync(Timeout);
        await PutLeasesAsync(carol, roomId, new Lease
        {
            Id = "lcarol", Patterns = ["crash/**"], Mode = Lease.Exclusive, TakenAt = now, ExpiresAt = now + 30 * 60_000, Run = now,
        });
        var held = await a.RunAsync("lease", "check", "crash/x.cs");
        Assert.True(held.ExitCode == 4, held.StdOut + held.StdErr);
        Assert.Contains("carol", held.StdOut, StringComparison.Ordinal);
        await Eventually.WaitAsync(async () => (await a.RunAsync("lease", "check", "crash/x.cs")).ExitCode == 0 ? "" : null, Timeout, "carol's lease lapses with her entry");
        await a.OkAsync("lease", "take", "crash/**");
    }

    [Fact]
    public async Task Forged_and_hostile_lease_state_on_the_server_binds_nobody()
    {
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        using var a = Cchat.For(server, alice, room);
        using var b = Cchat.For(server, bob, room);
        await b.OkAsync("lease", "take", "mine/**"); // bob's registry entry and lease state exist
        var roomId = await bob.Client.JoinRoomAsync(room).WaitAsync(Timeout);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        // The homeserver itself refuses a lease written under another account's name.
        var forged = await Assert.ThrowsAsync<MatrixException>(() => bob.Client.PutStateAsync(roomId, LeaseStateContent.EventType, alice.UserId.Value,
            Encoding.UTF8.GetBytes("""{"leases":[]}"""), CancellationToken.None).WaitAsync(Timeout));
        Assert.Equal(MatrixErrorCodes.Forbidden, forged.ErrCode);

        // Under his own key, bob writes what no reader should believe: it claims alice, or floods, or lasts a year.
        var patterns = string.Join(',', Enumerable.Range(0, 2_000).Select(i => $"\"p{i}/**\""));
        foreach (var content in new[]
                 {
                     $$"""{"user_id":"{{alice.UserId}}","leases":[{"id":"x","patterns":["all/**"],"mode":"exclusive","taken_at":{{now}},"expires_at":{{now + 60_000}}}]}""",
                     $$"""{"leases":[{"id":"x","patterns":[{{patterns}}],"mode":"exclusive","taken_at":{{now}},"expires_at":{{now + 60_000}}}]}""",
                     $$"""{"leases":[{"id":"x","patterns":["all/**"],"mode":"exclusive","taken_at":{{now}},"expires_at":{{now + 365L * 86_400_000}}}]}""",
                     $$"""{"leases":[{"id":"x","patterns":["all/**"],"mode":"exclusive","taken_at":"now","expires_at":[]}],"v":{"deep":[[[]]]} }""",
                 })
        {
            await bob.Client.PutStateAsync(roomId, LeaseStateContent.EventType, bob.UserId.Value, Encoding.UTF8.GetBytes(content), CancellationToken.None).WaitAsync(Timeout);
            var check = await a.RunAsync("lease", "check", "all/x", "mine/x");
            Assert.True(check.ExitCode == 0, content[..60] + ": " + check.StdOut + check.StdErr);
        }
        await using var da = await CliDaemon.StartAsync(a, alice.UserId.Localpart);
        Assert.Contains("leased all/**", await a.OkAsync("lease", "take", "all/**"), StringComparison.Ordinal);
        Assert.Contains(alice.UserId.Localpart, await a.OkAsync("lease", "list"), StringComparison.Ordinal);
    }

    private static Task<EventId> PutLeasesAsync(TestUser user, RoomId room, params Lease[] leases) =>
        user.Client.PutStateAsync(room, LeaseStateContent.EventType, user.UserId.Value,
            new LeaseStateContent { UserId = user.UserId.Value, Instance = user.UserId.Localpart, Leases = leases }, LeasesJsonContext.Default.LeaseStateContent);
}
