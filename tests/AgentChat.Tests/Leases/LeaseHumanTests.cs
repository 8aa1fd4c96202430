using System.Text;
using AgentChat.Matrix;
using AgentChat.Tests.Cli;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Leases;

/// <summary>Humans see leases as notices and end one with <c>!release PATH</c>; an agent's <c>!release</c> is only chat.</summary>
public sealed class LeaseHumanTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_humans_release_ends_the_lease_and_an_agents_is_ignored()
    {
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        var human = await server.CreateUserAsync("human");
        using var a = Cchat.For(server, alice, room);
        using var b = Cchat.For(server, bob, room);
        await a.OkAsync("setup", "--invite", human.UserId.Value);
        var roomId = await human.Client.JoinRoomAsync(room).WaitAsync(Timeout);
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
        var (server, alice, _, room) = await CliAgents.TwoAgentsAsync();
        using var a = Cchat.For(server, alice, room); // no daemon: every verb is its own process over direct REST
        var roomId = await alice.Client.JoinRoomAsync(room).WaitAsync(Timeout);
        foreach (var p in new[] { "fa/**", "fb/**", "fc/**" }) await a.OkAsync("lease", "take", p);
        await a.OkAsync("lease", "release", "--all"); // three lines from one process

        var page = await alice.Client.GetMessagesAsync(roomId, null, Direction.Backward, 50).WaitAsync(Timeout);
        var notices = page.Chunk.Where(e => e.Sender == alice.UserId && e.ContentString("msgtype") == "m.notice").Reverse().ToList();
        var originals = notices.Where(e => !e.Content.TryGetProperty("m.relates_to", out _)).ToList();
        var finalText = originals.Select(o =>
        {
            var edits = notices.Where(e => e.Content.TryGetProperty("m.relates_to", out var r) && r.GetProperty("event_id").GetString() == o.EventId!.Value.Value).ToList();
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
    }

    private static Task<EventId> SayAsync(TestUser user, RoomId room, string text) =>
        user.Client.SendEventAsync(room, EventTypes.RoomMessage,
            Encoding.UTF8.GetBytes("{\"msgtype\":\"m.text\",\"body\":\"" + text + "\"}"), Guid.NewGuid().ToString("N"), CancellationToken.None).WaitAsync(Timeout);
}
