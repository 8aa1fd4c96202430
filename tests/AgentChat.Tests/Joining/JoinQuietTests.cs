using System.Text;
using System.Text.Json;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Tests.Cli;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Joining;

/// <summary>
/// Joining is quiet, and nothing meant for an agent is lost: what was said in a room before the agent was invited (or
/// joined uninvited) is history, not unread; what was said after the invite is unread however late the agent joins.
/// Real Synapse, for the daemon and direct mode (the published cchat).
/// </summary>
public sealed class JoinQuietTests
{
    [Fact]
    public async Task A_daemon_running_when_invited_reads_only_what_came_after_the_invite_in_a_room_with_300_old_messages()
    {
        var (server, _, alice, bob, _, alias) = await SharedRoom.WithTwoAgentsAsync();
        var room = await BusyRoomAsync(alice, 300);
        await using var daemon = await TestDaemon.StartAsync(server, bob, alias);

        await alice.Client.InviteAsync(room, bob.UserId).WaitAsync(TestDaemon.Timeout);
        await SendAsync(alice, room, "for bob 1");
        await WaitJoinedAsync(bob, room);
        await SendAsync(alice, room, "for bob 2");

        Assert.Equal(["for bob 1", "for bob 2"], await ReadUntilAsync(daemon, room, "for bob 2"));
        // History is still there: a peek from the start of the buffer shows the old messages.
        Assert.Contains((await daemon.ReadAsync($"?room={Uri.EscapeDataString(room.Value)}&since=0&limit=100")).Messages,
            m => m.Text.StartsWith("old-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invited_while_no_daemon_runs_the_messages_since_the_invite_are_unread_when_the_daemon_starts()
    {
        var (server, _, alice, bob, _, alias) = await SharedRoom.WithTwoAgentsAsync();

        // A first start: no sync token yet, the invite comes with the first sync.
        var first = await BusyRoomAsync(alice, 300);
        await alice.Client.InviteAsync(first, bob.UserId).WaitAsync(TestDaemon.Timeout);
        await SendAsync(alice, first, "while you were away 1");
        await SendAsync(alice, first, "while you were away 2");
        string stateDir;
        await using (var daemon = await TestDaemon.StartAsync(server, bob, alias))
        {
            stateDir = daemon.StateDir;
            Assert.Equal(["while you were away 1", "while you were away 2"], await ReadUntilAsync(daemon, first, "while you were away 2"));
        }

        // A restart: the sync resumes from its token, which never shows an older invite again.
        var second = await BusyRoomAsync(alice, 30);
        await alice.Client.InviteAsync(second, bob.UserId).WaitAsync(TestDaemon.Timeout);
        await SendAsync(alice, second, "sent before the restart");
        await using var restarted = await TestDaemon.StartAsync(server, bob, alias, stateDir);
        await SendAsync(alice, second, "sent after the restart");
        Assert.Equal(["sent before the restart", "sent after the restart"], await ReadUntilAsync(restarted, second, "sent after the restart"));
        Assert.Empty((await restarted.ReadAsync($"?room={Uri.EscapeDataString(first.Value)}")).Messages);
    }

    [Fact]
    public async Task Direct_mode_joins_at_its_first_read_and_reads_what_came_after_the_invite_not_the_300_before()
    {
        var (server, owner, alice, _, sharedId, alias) = await SharedRoom.WithTwoAgentsAsync();
        var carol = await server.CreateUserAsync("carol");
        await owner.Client.InviteAsync(sharedId, carol.UserId).WaitAsync(TestDaemon.Timeout);
        var room = await BusyRoomAsync(alice, 300);
        var firstOld = (await alice.Client.GetMessagesAsync(room, null, Direction.Backward, 1000).WaitAsync(TestDaemon.Timeout)).Chunk
            .Last(e => e.Type == EventTypes.RoomMessage).EventId!.Value;
        await alice.Client.InviteAsync(room, carol.UserId).WaitAsync(TestDaemon.Timeout);
        await SendAsync(alice, room, "for carol 1");
        await SendAsync(alice, room, "for carol 2");

        using var cli = Cchat.For(server, carol, alias);
        Assert.Equal(["for carol 1", "for carol 2"], Texts(await cli.OkAsync("read", "--room", room.Value, "--json")));
        Assert.Empty(Texts(await cli.OkAsync("read", "--room", room.Value, "--json")));
        await SendAsync(alice, room, "for carol 3");
        Assert.Equal(["for carol 3"], Texts(await cli.OkAsync("read", "--room", room.Value, "--json")));
        // History is still there: a peek after the first old message.
        Assert.Contains("old-", string.Concat(Texts(await cli.OkAsync("read", "--room", room.Value, "--since", firstOld.Value, "--json"))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_leave_and_a_new_invite_only_what_came_after_the_new_invite_is_unread()
    {
        var (server, owner, alice, bob, sharedId, alias) = await SharedRoom.WithTwoAgentsAsync();
        var carol = await server.CreateUserAsync("carol");
        await owner.Client.InviteAsync(sharedId, carol.UserId).WaitAsync(TestDaemon.Timeout);
        var room = await BusyRoomAsync(alice, 30);
        await alice.Client.InviteAsync(room, carol.UserId).WaitAsync(TestDaemon.Timeout);
        await alice.Client.InviteAsync(room, bob.UserId).WaitAsync(TestDaemon.Timeout);
        await SendAsync(alice, room, "before the leave");

        // Direct mode: carol reads (her marker is set), leaves, is invited back.
        using var cli = Cchat.For(server, carol, alias);
        Assert.Equal(["before the leave"], Texts(await cli.OkAsync("read", "--room", room.Value, "--json")));
        // The daemon: bob reads the same, then leaves with carol.
        await using var daemon = await TestDaemon.StartAsync(server, bob, alias);
        Assert.Equal(["before the leave"], await ReadUntilAsync(daemon, room, "before the leave"));

        await carol.Client.LeaveRoomAsync(room).WaitAsync(TestDaemon.Timeout);
        await bob.Client.LeaveRoomAsync(room).WaitAsync(TestDaemon.Timeout);
        await SendAsync(alice, room, "while they were away");
        await alice.Client.InviteAsync(room, carol.UserId).WaitAsync(TestDaemon.Timeout);
        await alice.Client.InviteAsync(room, bob.UserId).WaitAsync(TestDaemon.Timeout);
        await SendAsync(alice, room, "after the new invite");

        Assert.Equal(["after the new invite"], Texts(await cli.OkAsync("read", "--room", room.Value, "--json")));
        Assert.Equal(["after the new invite"], await ReadUntilAsync(daemon, room, "after the new invite"));
    }

    [Fact]
    public async Task A_public_room_joined_uninvited_is_unread_from_the_join_across_a_profile_change()
    {
        var (server, owner, alice, _, sharedId, alias) = await SharedRoom.WithTwoAgentsAsync();
        var carol = await server.CreateUserAsync("carol");
        var dave = await server.CreateUserAsync("dave");
        await owner.Client.InviteAsync(sharedId, carol.UserId).WaitAsync(TestDaemon.Timeout);
        await owner.Client.InviteAsync(sharedId, dave.UserId).WaitAsync(TestDaemon.Timeout);
        var room = await BusyRoomAsync(alice, 30, "public_chat");

        // Carol joins by herself, then changes her display name: her member event in the room is a join replacing her join.
        await carol.Client.JoinRoomAsync(room.Value).WaitAsync(TestDaemon.Timeout);
        await SendAsync(alice, room, "after carol joined");
        await carol.Client.SetDisplayNameAsync(carol.UserId, "Carol the Second").WaitAsync(TestDaemon.Timeout);
        await Eventually.WaitAsync(async () =>
        {
            var member = await carol.Client.GetStateAsync(room, EventTypes.RoomMember, carol.UserId.Value).WaitAsync(TestDaemon.Timeout);
            return member.TryGetProperty("displayname", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() == "Carol the Second" ? "renamed" : null;
        }, TestDaemon.Timeout, "carol's new name in the room");
        using var carolCli = Cchat.For(server, carol, alias);
        Assert.Equal(["after carol joined"], Texts(await carolCli.OkAsync("read", "--room", room.Value, "--json")));

        // Dave joins at his first read (direct mode joins a public room it is not in): nothing before is unread.
        using var daveCli = Cchat.For(server, dave, alias);
        Assert.Empty(Texts(await daveCli.OkAsync("read", "--room", room.Value, "--json")));
        await SendAsync(alice, room, "after dave joined");
        Assert.Equal(["after dave joined"], Texts(await daveCli.OkAsync("read", "--room", room.Value, "--json")));
    }

    private static async Task<RoomId> BusyRoomAsync(TestUser author, int oldMessages, string preset = "private_chat")
    {
        var room = await author.Client.CreateRoomAsync(new CreateRoomRequest { Name = "busy", Preset = preset }).WaitAsync(TestDaemon.Timeout);
        await Parallel.ForEachAsync(Enumerable.Range(0, oldMessages), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            await SendAsync(author, room, $"old-{i:D3}"));
        return room;
    }

    private static async Task SendAsync(TestUser user, RoomId room, string text) =>
        await user.Client.SendEventAsync(room, EventTypes.RoomMessage, Encoding.UTF8.GetBytes($$"""{"msgtype":"m.text","body":"{{text}}"}"""), "t" + Guid.NewGuid().ToString("N"))
            .WaitAsync(TestDaemon.Timeout);

    private static async Task WaitJoinedAsync(TestUser user, RoomId room) =>
        await Eventually.WaitAsync(async () => (await user.Client.GetJoinedRoomsAsync().WaitAsync(TestDaemon.Timeout)).Contains(room) ? "joined" : null,
            TestDaemon.Timeout, $"{user.UserId} joined {room}");

    /// <summary>Everything the daemon hands as unread in <paramref name="room"/>, read after read, until <paramref name="last"/>.</summary>
    private static async Task<List<string>> ReadUntilAsync(TestDaemon daemon, RoomId room, string last)
    {
        var seen = new List<string>();
        await Eventually.WaitAsync(async () =>
        {
            seen.AddRange((await daemon.ReadAsync($"?room={Uri.EscapeDataString(room.Value)}&wait=5")).Messages.Select(m => m.Text));
            return seen.Contains(last) ? "read" : null;
        }, TestDaemon.Timeout, $"\"{last}\" read");
        return seen;
    }

    private static List<string> Texts(string readJson) => CliJson.Read(readJson).Messages.Select(m => m.Text).ToList();
}
