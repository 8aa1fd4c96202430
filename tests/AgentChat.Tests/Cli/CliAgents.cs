using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Cli;

internal static class CliAgents
{
    /// <summary>Two fresh agents and a shared room made for them by <c>cchat setup</c>.</summary>
    public static async Task<(SynapseServer Server, TestUser Alice, TestUser Bob, string Room)> TwoAgentsAsync()
    {
        var server = await SynapseServer.GetAsync().WaitAsync(TimeSpan.FromMinutes(8));
        var alice = await server.CreateUserAsync("alice");
        var bob = await server.CreateUserAsync("bob");
        var room = CliJson.RandomRoom(server.ServerName);
        using var setup = Cchat.For(server, alice, room);
        await setup.OkAsync("setup", "--invite", bob.UserId.Value);
        return (server, alice, bob, room);
    }
}
