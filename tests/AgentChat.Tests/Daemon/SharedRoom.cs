using System.Text.Json;
using AgentChat.Matrix;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Daemon;

internal static class SharedRoom
{
    /// <summary>Two fresh agents, alice and bob, in a fresh shared room owned by a third account.</summary>
    public static async Task<(SynapseServer Server, TestUser Owner, TestUser Alice, TestUser Bob, RoomId RoomId, string Alias)> WithTwoAgentsAsync()
    {
        var server = await SynapseServer.GetAsync();
        var owner = await server.CreateUserAsync("own");
        var alice = await server.CreateUserAsync("alice");
        var bob = await server.CreateUserAsync("bob");
        var (roomId, alias) = await CreateAsync(server, owner, alice, bob);
        return (server, owner, alice, bob, roomId, alias);
    }

    /// <summary>A fresh shared room, as <c>cchat setup</c> makes it: members may write registry state.</summary>
    public static async Task<(RoomId Id, string Alias)> CreateAsync(SynapseServer server, TestUser owner, params TestUser[] members)
    {
        var localpart = $"aichat-{Guid.NewGuid().ToString("N")[..10]}";
        using var power = JsonDocument.Parse("""{"events":{"com.aiagentchat.instance":0},"users_default":0,"events_default":0}""");
        var room = await owner.Client.CreateRoomAsync(new CreateRoomRequest
        {
            Name = "agents",
            Preset = "public_chat",
            RoomAliasName = localpart,
            Invite = members.Select(m => m.UserId).ToList(),
            PowerLevelContentOverride = power.RootElement.Clone(),
        }).WaitAsync(TestDaemon.Timeout);
        return (room, $"#{localpart}:{server.ServerName}");
    }
}
