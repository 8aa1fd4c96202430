using AgentChat.Matrix;
using AgentChat.Tests.Cli;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Leases;

/// <summary>
/// Two agents (alice and bob, each a CLI of its own) in a shared room made by <c>cchat setup</c>, and a third account
/// joined to it that never runs cchat: a human, or an agent writing raw state. Each test makes its own: leases are
/// room state, and a test that shared a room would see another's.
/// </summary>
internal sealed class LeaseRoom : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private LeaseRoom(SynapseServer server, TestUser alice, TestUser bob, TestUser third, string alias, RoomId roomId)
    {
        Server = server;
        Alice = alice;
        Bob = bob;
        Third = third;
        RoomId = roomId;
        A = Cchat.For(server, alice, alias);
        B = Cchat.For(server, bob, alias);
    }

    public SynapseServer Server { get; }
    public TestUser Alice { get; }
    public TestUser Bob { get; }
    public TestUser Third { get; }
    public RoomId RoomId { get; }
    public Cchat A { get; }
    public Cchat B { get; }

    public static async Task<LeaseRoom> CreateAsync(string third)
    {
        var (server, alice, bob, alias) = await CliAgents.TwoAgentsAsync();
        var user = await server.CreateUserAsync(third);
        var room = new LeaseRoom(server, alice, bob, user, alias, await alice.Client.JoinRoomAsync(alias).WaitAsync(Timeout));
        await room.A.OkAsync("setup", "--invite", user.UserId.Value);
        await user.Client.JoinRoomAsync(alias).WaitAsync(Timeout);
        return room;
    }

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
    }
}
