using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Cli;

/// <summary>Exit codes, usage lines, and secrets that never show.</summary>
public sealed class CliUsageTests
{
    [Theory]
    [InlineData("send", "--kind", "nonsense", "hi")]
    [InlineData("read", "--wait", "soon")]
    [InlineData("send", "--no-such-flag", "hi")]
    [InlineData("no-such-verb")]
    [InlineData("daemon", "--port", "70000")]
    public async Task Bad_flags_exit_1_with_a_usage_line(params string[] args)
    {
        using var cchat = new Cchat();
        var r = await cchat.RunAsync(args);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Usage:", r.StdOut + r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_verb_has_help()
    {
        using var cchat = new Cchat();
        foreach (var verb in new[] { "send", "read", "who", "status", "daemon", "mcp", "login", "register", "setup", "sent", "pending", "presence", "hook", "task", "thread", "threads", "archive", "history", "search" })
        {
            var r = await cchat.RunAsync(verb, "--help");
            Assert.True(r.ExitCode == 0, $"{verb} --help: {r.StdErr}");
            Assert.Contains($"cchat {verb}", r.StdOut, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Missing_account_is_a_usage_error_that_says_what_to_set()
    {
        using var cchat = new Cchat();
        var r = await cchat.RunAsync("send", "hello");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("AGENTCHAT_", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_shows_sources_but_never_the_token()
    {
        var server = await SynapseServer.GetAsync().WaitAsync(TimeSpan.FromMinutes(8));
        var user = await server.CreateUserAsync("status");
        var (_, room) = await Daemon.SharedRoom.CreateAsync(server, user); // status checks that the shared room exists
        using var cchat = Cchat.For(server, user, room);
        cchat.Env["AGENTCHAT_REGISTRATION_SECRET"] = server.RegistrationSecret;

        var text = await cchat.OkAsync("status");
        var json = await cchat.OkAsync("status", "--json");
        foreach (var output in new[] { text, json })
        {
            Assert.DoesNotContain(user.AccessToken, output, StringComparison.Ordinal);
            Assert.DoesNotContain(server.RegistrationSecret, output, StringComparison.Ordinal);
        }
        Assert.Contains("access_token", text, StringComparison.Ordinal);
        Assert.Contains("set (environment)", text, StringComparison.Ordinal);
        Assert.Contains(user.UserId.Value, text, StringComparison.Ordinal);

        var report = CliJson.Object(json);
        Assert.Equal("direct", report.GetProperty("mode").GetString());
        Assert.True(report.GetProperty("healthy").GetBoolean());
        Assert.True(report.GetProperty("account").GetProperty("ok").GetBoolean());
        var token = report.GetProperty("settings").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "access_token");
        Assert.True(token.GetProperty("set").GetBoolean());
        Assert.Equal("environment", token.GetProperty("source").GetString());
        Assert.False(token.TryGetProperty("value", out _));
    }

    [Fact]
    public async Task Flags_win_over_environment_and_config_file()
    {
        using var cchat = new Cchat();
        Directory.CreateDirectory(Path.GetDirectoryName(cchat.ConfigPath)!);
        await File.WriteAllTextAsync(cchat.ConfigPath, """{"homeserver": "http://127.0.0.1:1", "instance": "from-file", "room": "#from-file:x"}""");
        cchat.Env["AGENTCHAT_INSTANCE"] = "from-env";
        var r = await cchat.RunAsync("status", "--instance", "from-flag");
        Assert.Equal(2, r.ExitCode); // no account, no daemon: not healthy
        var text = r.StdOut;
        Assert.Contains("healthy: no", text, StringComparison.Ordinal);
        Assert.Contains("from-flag (flag)", text, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:1 (config file)", text, StringComparison.Ordinal);
        Assert.Contains("#from-file:x (config file)", text, StringComparison.Ordinal);
    }
}
