using System.Text;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Tests.Cli;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Names;

/// <summary>Joining is quiet: what was said in a room before an agent joined is history, not unread, for the daemon and direct mode.</summary>
public sealed class JoinQuietTests
{
    [Fact]
    public async Task An_agent_joining_a_room_with_300_old_messages_reads_only_what_came_after_its_join()
    {
        var (server, owner, alice, bob, sharedId, alias) = await SharedRoom.WithTwoAgentsAsync();
        var carol = await server.CreateUserAsync("carol");
        await owner.Client.InviteAsync(sharedId, carol.UserId).WaitAsync(TestDaemon.Timeout);
        var room = await alice.Client.CreateRoomAsync(new CreateRoomRequest { Name = "busy", Preset = "private_chat" }).WaitAsync(TestDaemon.Timeout);
        await Parallel.ForEachAsync(Enumerable.Range(0, 300), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            await SendAsync(alice, room, $"old-{i:D3}"));

        // The daemon: invited, it joins on its own; its first read gives what came after the join only.
        await using var daemon = await TestDaemon.StartAsync(server, bob, alias);
        await alice.Client.InviteAsync(room, bob.UserId).WaitAsync(TestDaemon.Timeout);
        await Eventually.WaitAsync(async () => (await bob.Client.GetJoinedRoomsAsync().WaitAsync(TestDaemon.Timeout)).Contains(room) ? "joined" : null,
            TestDaemon.Timeout, "bob's daemon joined the busy room");
        await SendAsync(alice, room, "after the join");
        var seen = new List<string>();
        await Eventually.WaitAsync(async () =>
        {
            seen.AddRange((await daemon.ReadAsync($"?room={Uri.EscapeDataString(room.Value)}&wait=5")).Messages.Select(m => m.Text));
            return seen.Contains("after the join") ? "read" : null;
        }, TestDaemon.Timeout, "the message after the join");
        Assert.Equal(["after the join"], seen);
        // History is still there.
        Assert.Equal(50, (await daemon.ReadAsync($"?room={Uri.EscapeDataString(room.Value)}&since=0")).Messages.Count(m => m.Text.StartsWith("old-", StringComparison.Ordinal)));

        // Direct mode (no daemon): the same from its own join.
        await alice.Client.InviteAsync(room, carol.UserId).WaitAsync(TestDaemon.Timeout);
        await carol.Client.JoinRoomAsync(sharedId.Value).WaitAsync(TestDaemon.Timeout);
        await carol.Client.JoinRoomAsync(room.Value).WaitAsync(TestDaemon.Timeout);
        await SendAsync(alice, room, "after carol joined");
        using var cli = Cchat.For(server, carol, alias);
        var read = await cli.OkAsync("read", "--room", room.Value, "--json");
        Assert.Contains("after carol joined", read, StringComparison.Ordinal);
        Assert.DoesNotContain("old-", read, StringComparison.Ordinal);
        Assert.DoesNotContain("after the join", read, StringComparison.Ordinal);
    }

    private static async Task SendAsync(TestUser user, RoomId room, string text) =>
        await user.Client.SendEventAsync(room, "m.room.message", Encoding.UTF8.GetBytes($$"""{"msgtype":"m.text","body":"{{text}}"}"""), "t" + Guid.NewGuid().ToString("N"))
            .WaitAsync(TestDaemon.Timeout);
}
