using AgentChat.Tests.Cli;
using AgentChat.Tests.Daemon;

namespace AgentChat.Tests.Federation;

/// <summary>An operator provisions an agent on the second homeserver with the published cchat.</summary>
[Collection(FederationCollection.Name)]
public sealed class FederatedCliTests
{
    [Fact]
    public async Task An_agent_on_another_server_is_told_where_the_room_is_and_who_and_status_fail_loudly_without_it()
    {
        var pair = await FederatedServers.GetAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var alias = $"#aichat-{suffix}:{pair.Hs1.ServerName}";
        var lost = $"lost-{suffix}";
        var found = $"found-{suffix}";

        using var lostAgent = Register(pair.Hs2);
        await lostAgent.OkAsync("register", lost);
        using var foundAgent = Register(pair.Hs2);
        var registered = await foundAgent.OkAsync("register", found, "--room", alias);
        Assert.Contains(alias, registered, StringComparison.Ordinal);

        var owner = await pair.Hs1.CreateUserAsync("own");
        using var op = Cchat.For(pair.Hs1, owner, alias);
        var setup = await op.OkAsync("setup", "--invite", $"@{lost}:{pair.Hs2.ServerName}", "--invite", $"@{found}:{pair.Hs2.ServerName}");
        Assert.Contains($"@{found}:{pair.Hs2.ServerName} is on another homeserver: its agent needs AGENTCHAT_ROOM={alias}", setup, StringComparison.Ordinal);

        // Without the room, the agent on hs2 looks for #aichat:hs2.test: both verbs say so and exit 2.
        var who = await lostAgent.RunAsync("who");
        Assert.True(who.ExitCode == 2, $"who exited {who.ExitCode}: {who.StdOut}{who.StdErr}");
        Assert.Contains($"#aichat:{pair.Hs2.ServerName} does not exist", who.StdErr, StringComparison.Ordinal);
        Assert.Contains("AGENTCHAT_ROOM", who.StdErr, StringComparison.Ordinal);
        var status = await lostAgent.RunAsync("status");
        Assert.True(status.ExitCode == 2, $"status exited {status.ExitCode}: {status.StdOut}{status.StdErr}");
        Assert.Contains("shared room: not usable", status.StdOut, StringComparison.Ordinal);

        // With the room written by `register --room`, the same agent works across servers.
        await foundAgent.OkAsync("send", "hello from hs2");
        Assert.Contains($"@{found}:{pair.Hs2.ServerName}", await foundAgent.OkAsync("who"), StringComparison.Ordinal);
        Assert.Contains($"shared room: {alias}", await foundAgent.OkAsync("status"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Who_through_a_daemon_that_cannot_reach_its_shared_room_exits_2_with_the_reason()
    {
        var pair = await FederatedServers.GetAsync();
        var bob = await pair.Hs2.CreateUserAsync("bob");
        var missing = $"#aichat-missing-{Guid.NewGuid().ToString("N")[..8]}:{pair.Hs2.ServerName}";
        await using var daemon = await TestDaemon.StartAsync(pair.Hs2, bob, missing, waitHealthy: false);
        using var cchat = Cchat.For(pair.Hs2, bob, missing);
        cchat.Env["XDG_RUNTIME_DIR"] = Path.Combine(daemon.StateDir, "run");

        var who = await cchat.RunAsync("who");
        Assert.True(who.ExitCode == 2, $"who exited {who.ExitCode}: {who.StdOut}{who.StdErr}");
        Assert.Contains("not in the shared room", who.StdErr, StringComparison.Ordinal);
        Assert.Contains(missing, who.StdErr, StringComparison.Ordinal);
        var status = await cchat.RunAsync("status");
        Assert.True(status.ExitCode == 2, $"status exited {status.ExitCode}: {status.StdOut}{status.StdErr}");
    }

    private static Cchat Register(Infrastructure.SynapseServer server)
    {
        var cchat = new Cchat();
        cchat.Env["AGENTCHAT_HOMESERVER"] = server.Homeserver.ToString();
        cchat.Env["AGENTCHAT_REGISTRATION_SECRET"] = server.RegistrationSecret;
        return cchat;
    }
}
