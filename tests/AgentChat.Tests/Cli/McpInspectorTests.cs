using System.Text.Json;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Cli;

/// <summary>
/// <c>cchat mcp</c> under a real MCP client nobody here wrote: the official MCP Inspector's CLI mode, started with
/// the minimal environment MCP clients give (<c>env -i HOME PATH</c>) and the entry <c>cchat mcp --print-config</c> prints.
/// </summary>
public sealed class McpInspectorTests
{
    public const string CacheDir = "/var/cache/agentchat/mcp-inspector";

    /// <summary>The Inspector's executable: AGENTCHAT_MCP_INSPECTOR, else the copy <c>.ci/run</c> installs in the cache.</summary>
    private static string Inspector =>
        (Environment.GetEnvironmentVariable("AGENTCHAT_MCP_INSPECTOR") is { Length: > 0 } set ? set
            : Path.Combine(CacheDir, "node_modules", ".bin", "mcp-inspector")) is var path && File.Exists(path) ? path
        : throw new InvalidOperationException(
            $"the MCP Inspector is not installed ({path} is missing): run `npm install --prefix {CacheDir} @modelcontextprotocol/inspector@0.15.0` " +
            "(.ci/run does it), or set AGENTCHAT_MCP_INSPECTOR to its mcp-inspector executable");

    private static async Task<string> InspectAsync(McpUserHome home, string mcpJson, params string[] method)
    {
        var r = await home.RunAsync(Inspector, ["--cli", "--config", mcpJson, "--server", "cchat", .. method]);
        Assert.True(r.ExitCode == 0, $"mcp-inspector {string.Join(' ', method)} exited {r.ExitCode}\nstdout: {r.StdOut}\nstderr: {r.StdErr}");
        return r.StdOut;
    }

    private static async Task<string> CallAsync(McpUserHome home, string mcpJson, string tool, params string[] args)
    {
        var toolArgs = args.SelectMany(a => new[] { "--tool-arg", a }).ToArray();
        var (text, isError) = McpUserHome.ToolResult(await InspectAsync(home, mcpJson, ["--method", "tools/call", "--tool-name", tool, .. toolArgs]));
        Assert.False(isError, $"{tool} failed: {text}");
        return text;
    }

    [Fact]
    public async Task The_inspector_with_a_minimal_environment_lists_and_calls_every_tool_through_the_daemon_or_directly()
    {
        Assert.True(File.Exists(Inspector)); // fails before any setup when the Inspector is missing
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        await using var bobHome = McpUserHome.Create(server, bob, room);
        await using var aliceHome = McpUserHome.Create(server, alice, room);
        await bobHome.StartDaemonAsync();
        var bobMcp = await bobHome.PrintConfigAsync();
        var aliceMcp = await aliceHome.PrintConfigAsync();

        using (var list = JsonDocument.Parse(await InspectAsync(bobHome, bobMcp, "--method", "tools/list")))
        {
            var names = list.RootElement.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()).Order();
            Assert.Equal(["decision_ask", "decision_show", "decision_wait", "fetch_file", "lease_check", "lease_list", "lease_release", "lease_take", "pending", "read", "reply", "search", "send", "send_file", "sent", "status", "task_list", "task_move", "task_new", "task_show", "thread", "threads", "who"], names);
        }

        // Bob's server finds his daemon with no XDG_RUNTIME_DIR and says so in its answer.
        var sent = CliJson.Object(await CallAsync(bobHome, bobMcp, "send", "text=hello from a real MCP client", "kind=question"));
        Assert.Equal("gateway", sent.GetProperty("via").GetString());
        var eventId = sent.GetProperty("event_id").GetString();
        Assert.StartsWith("$", eventId, StringComparison.Ordinal);

        // Alice has no daemon: the same entry shape works straight against the homeserver.
        var aliceRead = CliJson.Read(await CallAsync(aliceHome, aliceMcp, "read", "wait=10"));
        Assert.Contains(aliceRead.Messages, m => m.EventId == eventId && m.Text == "hello from a real MCP client" && m.Kind == "question");
        var answer = CliJson.Object(await CallAsync(aliceHome, aliceMcp, "send", "text=answer from alice", $"thread={eventId}"));
        Assert.Equal("direct", answer.GetProperty("via").GetString());

        var bobRead = await Eventually.WaitAsync(async () =>
        {
            var read = CliJson.Read(await CallAsync(bobHome, bobMcp, "read", "wait=10"));
            return read.Messages.FirstOrDefault(m => m.Text == "answer from alice");
        }, TimeSpan.FromMinutes(2), "bob reads alice's answer through the inspector");
        Assert.Equal(eventId, bobRead.Thread);

        var who = CliJson.Who(await CallAsync(bobHome, bobMcp, "who"));
        Assert.Contains(who.Instances, i => i.UserId == bob.UserId.Value && i.Alive);

        var bobStatus = await CallAsync(bobHome, bobMcp, "status");
        Assert.Equal("gateway", CliJson.Object(bobStatus).GetProperty("mode").GetString());
        Assert.DoesNotContain(bob.AccessToken, bobStatus, StringComparison.Ordinal);
        var aliceStatus = await CallAsync(aliceHome, aliceMcp, "status");
        Assert.Equal("direct", CliJson.Object(aliceStatus).GetProperty("mode").GetString());
    }
}
