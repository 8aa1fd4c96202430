using AgentChat.Tests.Cli;

namespace AgentChat.Tests.ClaudeCode;

/// <summary>
/// The two ways the docs register <c>cchat mcp</c> with Claude Code, checked by the real <c>claude mcp list</c> under
/// <c>env -i</c> (which starts the server and runs the MCP handshake): the README's <c>claude mcp add --scope user</c>
/// line, and <c>cchat mcp --print-config</c> as a project's <c>.mcp.json</c>, which Claude Code holds back until the
/// server is approved (<c>enabledMcpjsonServers</c> in settings).
/// </summary>
public sealed class ClaudeCodeRegistrationTests
{
    [Fact]
    public async Task The_readme_line_and_the_printed_project_entry_both_connect_in_claude_mcp_list()
    {
        Assert.True(File.Exists(ClaudeCodeInstall.Executable));
        var (server, alice, _, room) = await CliAgents.TwoAgentsAsync();
        await using var model = await StandInModel.StartAsync();
        await using var home = ClaudeHome.Create(server, alice, room, model);

        var version = await home.ClaudeAsync("--version");
        Assert.StartsWith(ClaudeCodeInstall.Version + " ", version.StdOut.Trim(), StringComparison.Ordinal);

        await home.AddMcpServerAsync();
        var user = await McpListAsync(home);
        Assert.Contains(Path.Combine(home.Root, "bin", "cchat"), LineOf(user, "cchat"), StringComparison.Ordinal); // `command -v cchat`, resolved
        Assert.Contains("✔ Connected", LineOf(user, "cchat"), StringComparison.Ordinal);

        var removed = await home.ClaudeAsync("mcp", "remove", "--scope", "user", "cchat");
        Assert.True(removed.ExitCode == 0, removed.StdErr);
        var printed = await home.RunAsync(Cchat.Binary, ["mcp", "--print-config"]);
        Assert.True(printed.ExitCode == 0, printed.StdErr);
        await File.WriteAllTextAsync(Path.Combine(home.Project, ".mcp.json"), printed.StdOut);

        // A project's server waits for approval: listed, not started.
        var waiting = await McpListAsync(home);
        Assert.Contains("Pending approval", LineOf(waiting, "cchat"), StringComparison.Ordinal);

        home.MergeSettings("""{"enabledMcpjsonServers":["cchat"]}""");
        var approved = await McpListAsync(home);
        Assert.Contains("✔ Connected", LineOf(approved, "cchat"), StringComparison.Ordinal);
    }

    private static async Task<string> McpListAsync(ClaudeHome home)
    {
        var r = await home.ClaudeAsync("mcp", "list");
        Assert.True(r.ExitCode == 0, $"claude mcp list exited {r.ExitCode}\nstdout: {r.StdOut}\nstderr: {r.StdErr}");
        return r.StdOut;
    }

    private static string LineOf(string list, string server) =>
        list.Split('\n').FirstOrDefault(l => l.StartsWith(server + ":", StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"claude mcp list does not list {server}:\n{list}");
}
