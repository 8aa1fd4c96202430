using System.Text.Json;
using AgentChat.Hosting.Rooms;
using AgentChat.Matrix;
using AgentChat.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentChat.Tests.Hosting;

/// <summary>The one invite joiner both hosts use, against a real Synapse: the allow list, <c>is_direct</c>, the retry delay and the after-join hook.</summary>
public sealed class InviteJoinerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch.AddYears(56);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>Records each join it is told about; throws a transient Matrix error for the first <c>failures</c> of them.</summary>
    private sealed class RecordingHook(int failures = 0) : IAfterJoin
    {
        private int _calls;

        public List<JoinedInvite> Joined { get; } = [];

        public Task JoinedAsync(JoinedInvite joined, CancellationToken ct)
        {
            if (_calls++ < failures) throw new MatrixException("the hook's homeserver call failed", System.Net.HttpStatusCode.BadGateway, "M_UNKNOWN", null, isTransient: true);
            Joined.Add(joined);
            return Task.CompletedTask;
        }
    }

    private sealed record Joiner(InviteJoiner Invites, InvitePolicy Policy, FollowedRooms Rooms, RecordingHook Hook);

    private static Joiner For(TestUser user, TimeProvider time, IReadOnlyList<string>? allowed = null, int hookFailures = 0)
    {
        var policy = new InvitePolicy(user.UserId, allowed ?? []);
        var rooms = new FollowedRooms();
        var hook = new RecordingHook(hookFailures);
        return new Joiner(new InviteJoiner(user.Client, policy, rooms, time, NullLogger<InviteJoiner>.Instance, hook), policy, rooms, hook);
    }

    [Fact]
    public async Task An_allowed_direct_invite_is_joined_followed_and_handed_to_the_hook_as_direct()
    {
        var server = await SynapseServer.GetAsync();
        var alice = await server.CreateUserAsync("ija");
        var bob = await server.CreateUserAsync("ijb");
        var room = await alice.Client.CreateRoomAsync(new CreateRoomRequest { Preset = "trusted_private_chat", Invite = [bob.UserId], IsDirect = true }).WaitAsync(Timeout);
        var joiner = For(bob, TimeProvider.System);

        await joiner.Invites.RevisitPendingAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.Contains(room, await bob.Client.GetJoinedRoomsAsync().WaitAsync(Timeout));
        Assert.True(joiner.Rooms.IsFollowed(room));
        Assert.Equal(new JoinedInvite(room, alice.UserId, IsDirect: true), Assert.Single(joiner.Hook.Joined));
    }

    [Fact]
    public async Task An_invite_from_a_stranger_stays_pending_until_the_allow_list_names_the_inviter()
    {
        var server = await SynapseServer.GetAsync();
        var alice = await server.CreateUserAsync("ija");
        var bob = await server.CreateUserAsync("ijb");
        var room = await alice.Client.CreateRoomAsync(new CreateRoomRequest { Preset = "private_chat", Invite = [bob.UserId] }).WaitAsync(Timeout);
        var joiner = For(bob, TimeProvider.System, allowed: ["@ops:elsewhere.example"]);

        await joiner.Invites.RevisitPendingAsync(CancellationToken.None).WaitAsync(Timeout);
        Assert.DoesNotContain(room, await bob.Client.GetJoinedRoomsAsync().WaitAsync(Timeout));
        Assert.False(joiner.Rooms.IsFollowed(room));
        Assert.Empty(joiner.Hook.Joined);

        Assert.True(joiner.Policy.Update([alice.UserId.Value]));
        await joiner.Invites.RevisitPendingAsync(CancellationToken.None).WaitAsync(Timeout);
        Assert.Contains(room, await bob.Client.GetJoinedRoomsAsync().WaitAsync(Timeout));
        Assert.Equal(new JoinedInvite(room, alice.UserId, IsDirect: false), Assert.Single(joiner.Hook.Joined));
    }

    [Fact]
    public async Task A_refused_join_is_tried_again_once_its_delay_has_passed_not_before()
    {
        var server = await SynapseServer.GetAsync();
        var alice = await server.CreateUserAsync("ija");
        var bob = await server.CreateUserAsync("ijb");
        var room = await alice.Client.CreateRoomAsync(new CreateRoomRequest { Preset = "private_chat" }).WaitAsync(Timeout);
        var clock = new ManualClock();
        var joiner = For(bob, clock);

        // An invite the homeserver does not hold yet (as a remote server's can be): the join is refused.
        await joiner.Invites.HandleAsync(new Dictionary<RoomId, InvitedRoom> { [room] = InviteOf(bob, alice) }, CancellationToken.None).WaitAsync(Timeout);
        Assert.False(joiner.Rooms.IsFollowed(room));

        await alice.Client.InviteAsync(room, bob.UserId).WaitAsync(Timeout);
        clock.Now += TimeSpan.FromSeconds(1);
        await joiner.Invites.HandleAsync(null, CancellationToken.None).WaitAsync(Timeout);
        Assert.DoesNotContain(room, await bob.Client.GetJoinedRoomsAsync().WaitAsync(Timeout));
        Assert.Empty(joiner.Hook.Joined);

        clock.Now += TimeSpan.FromSeconds(1); // the first retry is due 2 s after the failure
        await joiner.Invites.HandleAsync(null, CancellationToken.None).WaitAsync(Timeout);
        Assert.Contains(room, await bob.Client.GetJoinedRoomsAsync().WaitAsync(Timeout));
        Assert.True(joiner.Rooms.IsFollowed(room));
        Assert.Equal(new JoinedInvite(room, alice.UserId, IsDirect: false), Assert.Single(joiner.Hook.Joined));
    }

    [Fact]
    public async Task A_hook_that_fails_with_a_matrix_error_makes_the_join_tried_again()
    {
        var server = await SynapseServer.GetAsync();
        var alice = await server.CreateUserAsync("ija");
        var bob = await server.CreateUserAsync("ijb");
        var room = await alice.Client.CreateRoomAsync(new CreateRoomRequest { Preset = "private_chat", Invite = [bob.UserId] }).WaitAsync(Timeout);
        var clock = new ManualClock();
        var joiner = For(bob, clock, hookFailures: 1);
        var invite = new Dictionary<RoomId, InvitedRoom> { [room] = InviteOf(bob, alice) };

        await joiner.Invites.HandleAsync(invite, CancellationToken.None).WaitAsync(Timeout);
        Assert.Contains(room, await bob.Client.GetJoinedRoomsAsync().WaitAsync(Timeout));
        Assert.Empty(joiner.Hook.Joined);

        clock.Now += TimeSpan.FromSeconds(2);
        await joiner.Invites.HandleAsync(null, CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(new JoinedInvite(room, alice.UserId, IsDirect: false), Assert.Single(joiner.Hook.Joined));
    }

    /// <summary>An invite as /sync shows it: the invitee's membership event in the stripped state.</summary>
    private static InvitedRoom InviteOf(TestUser invitee, TestUser inviter) => new()
    {
        InviteState = new EventList
        {
            Events =
            [
                new MatrixEvent
                {
                    Type = "m.room.member", StateKey = invitee.UserId.Value, Sender = inviter.UserId,
                    Content = JsonDocument.Parse("""{"membership": "invite"}""").RootElement,
                },
            ],
        },
    };
}
