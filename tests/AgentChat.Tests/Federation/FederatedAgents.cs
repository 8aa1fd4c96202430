using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Federation;

/// <summary>Agents on both servers of the pair: alice on hs1, bob on hs2, in a fresh shared room on hs1.</summary>
internal static class FederatedAgents
{
    public static async Task<(FederatedServers Pair, TestUser Alice, TestUser Bob, RoomId RoomId, string Alias)> InOneRoomAsync()
    {
        var pair = await FederatedServers.GetAsync();
        var owner = await pair.Hs1.CreateUserAsync("own");
        var alice = await pair.Hs1.CreateUserAsync("alice");
        var bob = await pair.Hs2.CreateUserAsync("bob");
        var (roomId, alias) = await SharedRoom.CreateAsync(pair.Hs1, owner, alice, bob);
        return (pair, alice, bob, roomId, alias);
    }

    /// <summary>Reads (long-polling) until <paramref name="done"/> holds for what was read so far; returns all of it.</summary>
    public static async Task<List<ChatMessage>> ReadUntilAsync(TestDaemon daemon, Func<List<ChatMessage>, bool> done, string what)
    {
        var read = new List<ChatMessage>();
        await Eventually.WaitAsync(async () =>
        {
            read.AddRange((await daemon.ReadAsync("?wait=5")).Messages);
            return done(read) ? read : null;
        }, TestDaemon.Timeout, what);
        return read;
    }

    public static Task<WhoResponse> WhoAsync(TestDaemon daemon) => daemon.GetAsync("/who", GatewayJsonContext.Default.WhoResponse);

    /// <summary>
    /// Waits until bob's daemon has seen the invite to <paramref name="room"/> and left it pending: a local account
    /// invites bob to another room afterwards, and the daemon handles invites in the order they reached its server.
    /// </summary>
    public static async Task WaitLeftPendingAsync(SynapseServer bobServer, TestUser bob, RoomId room)
    {
        var local = await bobServer.CreateUserAsync("local");
        var marker = await local.Client.CreateRoomAsync(new CreateRoomRequest { Preset = "private_chat", Invite = [bob.UserId] }).WaitAsync(TestDaemon.Timeout);
        await Eventually.WaitAsync(async () => (await bob.Client.GetJoinedRoomsAsync()).Contains(marker) ? "joined" : null,
            TestDaemon.Timeout, "bob's daemon joins the invite from its own server");
        Assert.DoesNotContain(room, await bob.Client.GetJoinedRoomsAsync());
    }
}
