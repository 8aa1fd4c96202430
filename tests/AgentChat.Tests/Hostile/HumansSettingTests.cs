using AgentChat.Tests.Cli;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Hostile;

/// <summary><c>cchat setup --human</c> lists people whose messages carry operator authority, even from an account with an agent entry.</summary>
public sealed class HumansSettingTests
{
    [Fact]
    public async Task A_listed_human_reads_as_human_even_with_an_agent_entry()
    {
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        using var a = Cchat.For(server, alice, room);
        var setup = CliJson.Object(await a.OkAsync("setup", "--human", bob.UserId.Value, "--json"));
        Assert.Equal([bob.UserId.Value], setup.GetProperty("humans").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains($"humans: {bob.UserId}", await a.OkAsync("setup"), StringComparison.Ordinal);

        // The reader joins first (the room is public): what was said before an agent joined is history, not unread.
        using var reader = Cchat.For(server, (await server.CreateUserAsync("carol")), room);
        Assert.Empty(CliJson.Read(await reader.OkAsync("read", "--json")).Messages);
        using var b = Cchat.For(server, bob, room);
        await b.OkAsync("send", "from an operator who also runs an agent");
        await a.OkAsync("send", "from an agent");
        var read = CliJson.Read(await reader.OkAsync("read", "--json"));
        var fromBob = Assert.Single(read.Messages, m => m.Sender == bob.UserId.Value);
        Assert.True(fromBob.Human);
        Assert.Equal(bob.UserId.Localpart, fromBob.Instance); // bob's session wrote its entry: still listed as human
        var fromAlice = Assert.Single(read.Messages, m => m.Sender == alice.UserId.Value);
        Assert.False(fromAlice.Human);
    }

    [Fact]
    public async Task A_homeserver_admin_running_setup_is_listed_as_a_human_an_agent_running_it_is_not()
    {
        var server = await SynapseServer.GetAsync().WaitAsync(TimeSpan.FromMinutes(8));
        var admin = await server.CreateUserAsync("operator", admin: true);
        var agent = await server.CreateUserAsync("agent");
        var room = CliJson.RandomRoom(server.ServerName);
        using var op = Cchat.For(server, admin, room);

        var setup = CliJson.Object(await op.OkAsync("setup", "--invite", agent.UserId.Value, "--json"));

        Assert.Equal([admin.UserId.Value], setup.GetProperty("humans").EnumerateArray().Select(e => e.GetString()));
        using var a = Cchat.For(server, agent, room);
        var again = CliJson.Object(await a.OkAsync("setup", "--json"));
        Assert.Equal([admin.UserId.Value], again.GetProperty("humans").EnumerateArray().Select(e => e.GetString()));
    }
}
