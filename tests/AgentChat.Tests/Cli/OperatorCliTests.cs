using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Cli;

/// <summary>An operator provisioning from nothing: register accounts, set up the shared room, agents talk.</summary>
public sealed class OperatorCliTests
{
    private static string Name(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    [Fact]
    public async Task Register_and_setup_from_nothing_then_two_agents_talk()
    {
        var server = await SynapseServer.GetAsync().WaitAsync(TimeSpan.FromMinutes(8));
        var room = CliJson.RandomRoom(server.ServerName);
        using var op = new Cchat();
        op.Env["AGENTCHAT_HOMESERVER"] = server.Homeserver.ToString();
        op.Env["AGENTCHAT_REGISTRATION_SECRET"] = server.RegistrationSecret;
        op.Env["AGENTCHAT_ROOM"] = room;

        var opName = Name("op");
        var registered = await op.OkAsync("register", opName, "--admin");
        Assert.Contains($"@{opName}:{server.ServerName}", registered, StringComparison.Ordinal);
        Assert.Contains(op.ConfigPath, registered, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(op.ConfigPath));

        // One config file per agent, written by the operator.
        var agentConfigs = new Dictionary<string, string>();
        foreach (var agent in new[] { Name("builder"), Name("tester") })
        {
            var path = Path.Combine(op.Root, $"{agent}.json");
            var json = CliJson.Object(await op.OkAsync("register", agent, "--config", path, "--json"));
            Assert.Equal($"@{agent}:{server.ServerName}", json.GetProperty("user_id").GetString());
            Assert.False(json.TryGetProperty("access_token", out _));
            agentConfigs[agent] = path;
        }
        var extra = Name("x");
        Assert.DoesNotContain("access_token", await op.OkAsync("register", extra, "--config", Path.Combine(op.Root, $"{extra}.json")), StringComparison.Ordinal);
        var (builder, tester) = (agentConfigs.Keys.First(), agentConfigs.Keys.Last());

        var setup = await op.OkAsync("setup", "--invite", builder, "--invite", tester, "--lift-rate-limits");
        Assert.Contains($"created {room}", setup, StringComparison.Ordinal);
        Assert.Contains("rate limits lifted", setup, StringComparison.Ordinal);
        // Running it again fixes nothing and still succeeds.
        Assert.Contains("is ready", await op.OkAsync("setup"), StringComparison.Ordinal);

        using var b = new Cchat();
        b.Env["AGENTCHAT_CONFIG"] = agentConfigs[builder];
        b.Env["AGENTCHAT_ROOM"] = room;
        using var t = new Cchat();
        t.Env["AGENTCHAT_CONFIG"] = agentConfigs[tester];
        t.Env["AGENTCHAT_ROOM"] = room;

        await b.OkAsync("send", "please run the tests", "--kind", "task", "--to", tester);
        var task = Assert.Single(CliJson.Read(await t.OkAsync("read", "--json")).Messages);
        Assert.Equal("please run the tests", task.Text);
        Assert.Equal("task", task.Kind);
        Assert.Equal(builder, task.Instance);

        await t.OkAsync("send", "all green", "--kind", "status", "--thread", task.EventId);
        var answer = Assert.Single(CliJson.Read(await b.OkAsync("read", "--json")).Messages);
        Assert.Equal("all green", answer.Text);
        Assert.Equal(task.EventId, answer.Thread);

        // Both wrote their registry entry: members may write com.aiagentchat.instance in the room setup made.
        var who = CliJson.Who(await b.OkAsync("who", "--json"));
        Assert.Contains(who.Instances, i => i.Instance == builder && i.Alive);
        Assert.Contains(who.Instances, i => i.Instance == tester && i.Alive);
    }

    [Fact]
    public async Task Setup_fixes_an_existing_room_that_does_not_let_members_register()
    {
        var server = await SynapseServer.GetAsync().WaitAsync(TimeSpan.FromMinutes(8));
        var owner = await server.CreateUserAsync("owner");
        var member = await server.CreateUserAsync("member");
        var alias = CliJson.RandomRoom(server.ServerName);
        await owner.Client.CreateRoomAsync(new AgentChat.Matrix.CreateRoomRequest
        {
            RoomAliasName = new AgentChat.Matrix.RoomAlias(alias).Localpart,
            Preset = "public_chat",
        }).WaitAsync(Cchat.Timeout);

        using var m = Cchat.For(server, member, alias);
        await m.OkAsync("send", "hi"); // joins; its registry write is refused (best effort), the send is not
        Assert.DoesNotContain(CliJson.Who(await m.OkAsync("who", "--json")).Instances, i => i.UserId == member.UserId.Value);

        using var o = Cchat.For(server, owner, alias);
        Assert.Contains("fixed", await o.OkAsync("setup"), StringComparison.Ordinal);
        await m.OkAsync("send", "hi again");
        Assert.Contains(CliJson.Who(await m.OkAsync("who", "--json")).Instances, i => i.UserId == member.UserId.Value && i.Kind == "ephemeral");
    }

    [Fact]
    public async Task Login_with_password_on_stdin_writes_the_config_file()
    {
        var server = await SynapseServer.GetAsync().WaitAsync(TimeSpan.FromMinutes(8));
        using var op = new Cchat();
        op.Env["AGENTCHAT_HOMESERVER"] = server.Homeserver.ToString();
        op.Env["AGENTCHAT_REGISTRATION_SECRET"] = server.RegistrationSecret;
        var name = Name("login");
        await op.OkAsync("register", name, "--password", "correct horse battery", "--config", Path.Combine(op.Root, "unused.json"));

        using var agent = new Cchat();
        agent.Env["AGENTCHAT_HOMESERVER"] = server.Homeserver.ToString();
        var r = await agent.RunWithInputAsync("correct horse battery\n", "login", "--user", name, "--password-stdin");
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains($"@{name}:{server.ServerName}", r.StdOut, StringComparison.Ordinal);
        var config = await File.ReadAllTextAsync(agent.ConfigPath);
        Assert.Contains("access_token", config, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(agent.ConfigPath));

        agent.Env["AGENTCHAT_ROOM"] = (await Daemon.SharedRoom.CreateAsync(server, await server.CreateUserAsync("own"))).Alias; // status checks the room too
        var status = await agent.OkAsync("status");
        Assert.Contains($"account: @{name}:{server.ServerName} accepted", status, StringComparison.Ordinal);
        Assert.Contains("set (config file)", status, StringComparison.Ordinal);

        var wrong = await agent.RunWithInputAsync("wrong\n", "login", "--user", name, "--password-stdin");
        Assert.Equal(2, wrong.ExitCode);
    }

    [Fact]
    public async Task Register_refuses_to_overwrite_another_accounts_config()
    {
        var server = await SynapseServer.GetAsync().WaitAsync(TimeSpan.FromMinutes(8));
        using var op = new Cchat();
        op.Env["AGENTCHAT_HOMESERVER"] = server.Homeserver.ToString();
        op.Env["AGENTCHAT_REGISTRATION_SECRET"] = server.RegistrationSecret;
        await op.OkAsync("register", Name("first"));
        var r = await op.RunAsync("register", Name("second"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--config", r.StdErr, StringComparison.Ordinal);
    }
}
