using AgentChat.Tests.Cli;

namespace AgentChat.Tests.ClaudeCode;

/// <summary>
/// A model that misbehaves (a broken stream, no answer, server errors, a refusal) must not wedge what AgentChat puts in
/// the session: the hooks return, <c>cchat mcp</c> keeps answering tool calls after the faults, and when Claude Code
/// gives up, nothing of ours is left running.
/// </summary>
public sealed class ClaudeCodeBadModelTests
{
    [Fact]
    public async Task Broken_streams_hangs_and_errors_leave_the_hooks_and_cchat_mcp_working()
    {
        Assert.True(File.Exists(ClaudeCodeInstall.Executable));
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        await using var model = await StandInModel.StartAsync();
        await using var home = ClaudeHome.Create(server, alice, room, model);
        await home.StartDaemonAsync();
        await home.AddMcpServerAsync();
        home.InstallHooks();
        home.MergeSettings("""{"permissions":{"allow":["mcp__cchat"]}}""");
        home.ClaudeEnv["API_TIMEOUT_MS"] = "5000"; // the hang ends in Claude Code's request timeout, then a retry
        using var beta = Cchat.For(server, bob, room);
        var waiting = $"waiting through the faults {Guid.NewGuid():N}";
        await beta.OkAsync("send", "--to", alice.UserId.Localpart, waiting);
        await home.WaitHeldAsync(waiting);

        // Claude Code retries each fault (a broken stream once more without streaming); then the model calls a tool.
        model.Script(ModelTurn.Malformed, ModelTurn.Hang, ModelTurn.Error(500, "api_error"),
            ModelTurn.Call("mcp__cchat__status", "{}"), ModelTurn.Say("recovered"));
        var output = await home.PrintAsync("Check the connection.");
        Assert.Contains("recovered", output, StringComparison.Ordinal);
        var main = model.MainRequests;
        Assert.True(main.Count == 5, $"expected 5 main requests, saw:\n{model.Describe()}");
        Assert.Contains(waiting, main[0].Text, StringComparison.Ordinal); // the SessionStart hook answered before the faults
        Assert.Contains("\"mode\"", string.Concat(main[4].ToolResults), StringComparison.Ordinal); // cchat mcp answered after them
        Assert.Empty(home.ProcessesLeft());

        // A model that refuses every request: Claude Code gives up with the error; the daemon and the hooks are fine.
        model.Script(ModelTurn.Error(400), ModelTurn.Error(400));
        var refused = await home.ClaudeAsync("-p", "Check again.");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("400", refused.StdOut + refused.StdErr, StringComparison.Ordinal);
        Assert.Empty(home.ProcessesLeft());
        using var health = await home.Gateway!.GetAsync("/health");
        Assert.True(health.IsSuccessStatusCode);
        var stop = await home.RunAsync("cchat", ["hook", "stop"], stdin: """{"hook_event_name":"Stop","stop_hook_active":false}""");
        Assert.Equal(0, stop.ExitCode);
    }
}
