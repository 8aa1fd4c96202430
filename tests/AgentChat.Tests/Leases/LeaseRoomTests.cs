using System.Text;
using AgentChat.Leases;
using AgentChat.Matrix;
using AgentChat.Registry;
using AgentChat.Tests.Cli;
using AgentChat.Tests.Infrastructure;
using Xunit.Abstractions;

namespace AgentChat.Tests.Leases;

/// <summary>
/// Leases as the room holds them, on the real server, each test in a <see cref="LeaseRoom"/> of its own: a lease ends at
/// its TTL and with its holder's registry entry; forged and hostile lease state binds nobody; humans see notices
/// (bounded in direct mode too) and end a lease with <c>!release PATH</c>, while an agent's <c>!release</c> is only chat.
/// </summary>
public sealed class LeaseRoomTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_lease_lapses_at_its_ttl_and_a_crashed_holders_lapses_with_its_registry_entry()
    {
        using var r = await LeaseRoom.CreateAsync("carol");
        var (a, b, carol) = (r.A, r.B, r.Third);

        // Its own TTL: bob (direct mode) takes 5 s.
        await b.OkAsync("lease", "take", "short/**", "--ttl", "5s");
        Assert.Equal(4, (await a.RunAsync("lease", "check", "short/a")).ExitCode);
        await Eventually.WaitAsync(async () => (await a.RunAsync("lease", "check", "short/a")).ExitCode == 0 ? "" : null, Timeout, "the 5 s lease lapses");

        // Carol "crashes": her registry entry (TTL 3 s) is never refreshed; her lease (30 min) ends with it.
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var entry = InstanceEntry.ForThisHost("carol", "persistent", null, [], now, now, "online") with { TtlMs = 3000 };
        await InstanceRegistry.WriteAsync(carol.Client, r.RoomId, carol.UserId, entry, CancellationToken.None).WaitAsync(Timeout);
        await PutLeasesAsync(carol, r.RoomId, new Lease
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
        using var r = await LeaseRoom.CreateAsync("carol");
        var (a, b, alice, bob) = (r.A, r.B, r.Alice, r.Bob);
        await b.OkAsync("lease", "take", "mine/**"); // bob's registry entry and lease state exist
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        // The homeserver itself refuses a lease written under another account's name.
        var forged = await Assert.ThrowsAsync<MatrixException>(() => bob.Client.PutStateAsync(r.RoomId, LeaseStateContent.EventType, alice.UserId.Value,
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
            await bob.Client.PutStateAsync(r.RoomId, LeaseStateContent.EventType, bob.UserId.Value, Encoding.UTF8.GetBytes(content), CancellationToken.None).WaitAsync(Timeout);
            var check = await a.RunAsync("lease", "check", "all/x", "mine/x");
            Assert.True(check.ExitCode == 0, content[..60] + ": " + check.StdOut + check.StdErr);
        }
        await using var da = await CliDaemon.StartAsync(a, alice.UserId.Localpart);
        Assert.Contains("leased all/**", await a.OkAsync("lease", "take", "all/**"), StringComparison.Ordinal);
        Assert.Contains(alice.UserId.Localpart, await a.OkAsync("lease", "list"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_humans_release_ends_the_lease_and_an_agents_is_ignored()
    {
        using var r = await LeaseRoom.CreateAsync("human");
        var (a, b, alice, human, roomId) = (r.A, r.B, r.Alice, r.Third, r.RoomId);
        await using var da = await CliDaemon.StartAsync(a, alice.UserId.Localpart);

        await a.OkAsync("lease", "take", "src/**", "--reason", "the parser");
        await a.OkAsync("lease", "take", "docs/**");
        await b.OkAsync("send", "!release docs/x.md"); // bob is an agent: no authority
        await SayAsync(human, roomId, "!release src/parser.cs");

        await Eventually.WaitAsync(async () => (await a.OkAsync("lease", "list")).Contains("src/**", StringComparison.Ordinal) ? null : "",
            Timeout, "alice's daemon releases src/** at the human's request");
        Assert.Contains("docs/**", await a.OkAsync("lease", "list"), StringComparison.Ordinal);

        // The humans read it in the room: a notice of the take, and of the release at the human's request.
        var notices = await Eventually.WaitAsync(async () =>
        {
            var page = await human.Client.GetMessagesAsync(roomId, null, Direction.Backward, 50).WaitAsync(Timeout);
            var bodies = page.Chunk.Where(e => e.Sender == alice.UserId && e.ContentString("msgtype") == "m.notice").Select(e => e.ContentString("body") ?? "").ToList();
            return bodies.Any(t => t.Contains("released `src/**` at " + human.UserId, StringComparison.Ordinal)) ? bodies : null;
        }, Timeout, "a notice says the lease was released at the human's request");
        Assert.Contains(notices, t => t.Contains("took an exclusive lease on `src/**`", StringComparison.Ordinal) && t.Contains("the parser", StringComparison.Ordinal));
        Assert.DoesNotContain(notices, t => t.Contains("released `docs/**`", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Direct_mode_notices_are_bounded_across_processes_and_lose_no_line()
    {
        using var r = await LeaseRoom.CreateAsync("human");
        var (a, alice, roomId) = (r.A, r.Alice, r.RoomId); // no daemon: every verb is its own process over direct REST
        foreach (var p in new[] { "fa/**", "fb/**", "fc/**" }) await a.OkAsync("lease", "take", p);
        await a.OkAsync("lease", "release", "--all"); // three lines from one process

        var page = await alice.Client.GetMessagesAsync(roomId, null, Direction.Backward, 50).WaitAsync(Timeout);
        var notices = page.Chunk.Where(e => e.Sender == alice.UserId && e.ContentString("msgtype") == "m.notice").Reverse().ToList();
        var originals = notices.Where(e => !e.Content.TryGetProperty("m.relates_to", out _)).ToList();
        var finalText = originals.Select(o =>
        {
            var edits = notices.Where(e => e.Content.TryGetProperty("m.relates_to", out var rel) && rel.GetProperty("event_id").GetString() == o.EventId!.Value.Value).ToList();
            return edits.Count == 0 ? o.ContentString("body")! : edits[^1].Content.GetProperty("m.new_content").GetProperty("body").GetString()!;
        }).ToList();
        var all = string.Join("\n", finalText);
        foreach (var p in new[] { "fa/**", "fb/**", "fc/**" })
        {
            Assert.Contains($"took an exclusive lease on `{p}`", all, StringComparison.Ordinal);
            Assert.Contains($"released `{p}`", all, StringComparison.Ordinal);
        }
        // At most one new notice per 10 s (the homeserver's clock), and four processes made fewer: some folded into another's.
        for (var i = 1; i < originals.Count; i++)
            Assert.True(originals[i].OriginServerTs - originals[i - 1].OriginServerTs >= 10_000, $"two notices {originals[i].OriginServerTs - originals[i - 1].OriginServerTs} ms apart: {all}");
        Assert.True(originals.Count < 4, $"{originals.Count} notices from 4 processes: {all}");
        output.WriteLine($"6 changes from 4 processes: {originals.Count} notices, {notices.Count - originals.Count} edits");
    }

    private static Task<EventId> SayAsync(TestUser user, RoomId room, string text) =>
        user.Client.SendEventAsync(room, EventTypes.RoomMessage,
            Encoding.UTF8.GetBytes("{\"msgtype\":\"m.text\",\"body\":\"" + text + "\"}"), Guid.NewGuid().ToString("N"), CancellationToken.None).WaitAsync(Timeout);

    private static Task<EventId> PutLeasesAsync(TestUser user, RoomId room, params Lease[] leases) =>
        user.Client.PutStateAsync(room, LeaseStateContent.EventType, user.UserId.Value,
            new LeaseStateContent { UserId = user.UserId.Value, Instance = user.UserId.Localpart, Leases = leases }, LeasesJsonContext.Default.LeaseStateContent);
}
