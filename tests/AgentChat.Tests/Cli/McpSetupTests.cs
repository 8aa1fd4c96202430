using AgentChat.Configuration;
using AgentChat.Tests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentChat.Tests.Cli;

/// <summary>
/// What an MCP user meets before any tool runs: the entry <c>--print-config</c> gives, the line logged at start,
/// the error when no account is found, and where the daemon is looked for without XDG_RUNTIME_DIR.
/// </summary>
public sealed class McpSetupTests
{
    [Fact]
    public async Task Print_config_gives_the_absolute_binary_and_the_identity_as_args_never_a_secret()
    {
        await using var home = McpUserHome.Create(null, null, null);
        new ConfigFile { Homeserver = "http://127.0.0.1:9", UserId = "@scout:example.org", AccessToken = "syt_secret_never_printed" }.Save(home.ConfigPath);

        var r = await home.RunAsync(Cchat.Binary, ["mcp", "--print-config", "--config", home.ConfigPath, "--room", "#ops:example.org", "--scope", "user"]);

        Assert.True(r.ExitCode == 0, r.StdErr);
        var entry = CliJson.Object(r.StdOut).GetProperty("mcpServers").GetProperty("cchat");
        Assert.Equal(Path.GetFullPath(Cchat.Binary), entry.GetProperty("command").GetString());
        Assert.Equal(["mcp", "--config", home.ConfigPath, "--instance", "scout", "--room", "#ops:example.org"],
            entry.GetProperty("args").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains($"claude mcp add --scope user cchat -- {Path.GetFullPath(Cchat.Binary)} mcp --config {home.ConfigPath}", r.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", r.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("syt_secret", r.StdOut + r.StdErr, StringComparison.Ordinal);

        var misplaced = await home.RunAsync(Cchat.Binary, ["mcp", "--scope", "user"], stdin: "");
        Assert.Equal(1, misplaced.ExitCode);
        Assert.Contains("--scope only goes with --print-config", misplaced.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Print_config_warns_when_the_account_lives_only_in_the_environment()
    {
        using var cchat = new Cchat();
        cchat.Env["AGENTCHAT_HOMESERVER"] = "http://127.0.0.1:9";
        cchat.Env["AGENTCHAT_USER_ID"] = "@scout:example.org";
        cchat.Env["AGENTCHAT_ACCESS_TOKEN"] = "syt_secret_never_printed";
        cchat.Env["AGENTCHAT_INSTANCE"] = "from-env";

        var r = await cchat.RunAsync("mcp", "--print-config", "--instance", "from-flag");

        Assert.True(r.ExitCode == 0, r.StdErr);
        var args = CliJson.Object(r.StdOut).GetProperty("mcpServers").GetProperty("cchat").GetProperty("args").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Equal("from-flag", args[args.IndexOf("--instance") + 1]);
        Assert.Equal("http://127.0.0.1:9", args[args.IndexOf("--homeserver") + 1]);
        Assert.Contains("warning", r.StdErr, StringComparison.Ordinal);
        Assert.Contains($"cchat login --config {cchat.ConfigPath}", r.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("syt_secret", r.StdOut + r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_account_the_tool_error_names_every_place_looked_in_and_the_fix()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var home = McpUserHome.Create(null, null, null);
        var stderr = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "cchat",
            Command = "env",
            Arguments = ["-i", .. home.MinimalEnv, Cchat.Binary, "mcp", "--config", home.ConfigPath],
            StandardErrorLines = stderr.Enqueue,
            ShutdownTimeout = TimeSpan.FromSeconds(5),
        });
        await using var client = await McpClient.CreateAsync(transport, cancellationToken: cts.Token).WaitAsync(Cchat.Timeout);

        var result = await client.CallToolAsync("who", cancellationToken: cts.Token).AsTask().WaitAsync(Cchat.Timeout);

        Assert.True(result.IsError);
        var error = string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));
        Assert.Contains(home.ConfigPath, error, StringComparison.Ordinal);
        Assert.Contains("--config", error, StringComparison.Ordinal);
        foreach (var variable in new[] { "AGENTCHAT_HOMESERVER", "AGENTCHAT_USER_ID", "AGENTCHAT_ACCESS_TOKEN", "AGENTCHAT_CONFIG" })
            Assert.Contains(variable + " unset", error, StringComparison.Ordinal);
        Assert.Contains("discovery file in", error, StringComparison.Ordinal);
        Assert.Contains($"cchat login --config {home.ConfigPath}", error, StringComparison.Ordinal);
        // Logged once at start, on stderr: no account, direct mode, where the daemon was looked for.
        Assert.Contains(stderr, l => l.StartsWith("cchat mcp: without a Matrix account, direct to the homeserver (no daemon found in", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_start_line_names_the_identity_and_the_daemon_and_stdout_stays_protocol_only()
    {
        var (server, _, bob, room) = await CliAgents.TwoAgentsAsync();
        await using var home = McpUserHome.Create(server, bob, room);
        await home.StartDaemonAsync();

        var r = await home.RunAsync(Cchat.Binary, ["mcp", "--config", home.ConfigPath, "--instance", home.Instance], stdin: "");

        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Equal("", r.StdOut);
        var line = Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"cchat mcp: as {bob.UserId.Value} (instance {home.Instance}) through the daemon at http://127.0.0.1:", line, StringComparison.Ordinal);
        Assert.Contains($"config {home.ConfigPath} (--config)", line, StringComparison.Ordinal);
        Assert.DoesNotContain(bob.AccessToken, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_XDG_RUNTIME_DIR_discovery_uses_run_user_uid_when_it_exists_then_the_state_dir()
    {
        var root = Path.Combine(Path.GetTempPath(), "agentchat-mcp-tests", Guid.NewGuid().ToString("N")[..12]);
        try
        {
            Directory.CreateDirectory(root);
            Assert.Null(XdgDirs.UserRuntimeDir(root));
            var mine = Path.Combine(root, XdgDirs.UserId().ToString(System.Globalization.CultureInfo.InvariantCulture));
            Directory.CreateDirectory(mine);
            Assert.Equal(mine, XdgDirs.UserRuntimeDir(root));

            var set = DiscoveryFile.SearchPath(k => k == "XDG_RUNTIME_DIR" ? "/x/run" : null, "/x/state");
            Assert.Equal("/x/run/agentchat", set[0]);
            Assert.Equal("/x/state", set[^1]);
            var unset = DiscoveryFile.SearchPath(_ => null, "/x/state");
            Assert.Equal(DiscoveryFile.Directory(_ => null, "/x/state"), unset[0]);
            Assert.Equal("/x/state", unset[^1]);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
