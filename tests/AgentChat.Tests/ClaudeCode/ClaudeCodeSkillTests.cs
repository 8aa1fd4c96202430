using AgentChat.Tests.Cli;

namespace AgentChat.Tests.ClaudeCode;

/// <summary>
/// The skill (<c>skills/cchat</c> in <c>~/.claude/skills</c>) under the real Claude Code: its description reaches the
/// model with the first request, the model loads it with the Skill tool and gets its text, and the CLI path it teaches
/// (<c>cchat send</c> through Bash, no MCP server registered) puts the message in the room.
/// </summary>
public sealed class ClaudeCodeSkillTests
{
    [Fact]
    public async Task The_skill_reaches_the_model_and_its_cchat_send_through_bash_reaches_the_room()
    {
        Assert.True(File.Exists(ClaudeCodeInstall.Executable));
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        await using var model = await StandInModel.StartAsync();
        await using var home = ClaudeHome.Create(server, alice, room, model);
        home.InstallSkill();
        home.MergeSettings("""{"permissions":{"allow":["Bash(cchat:*)","Skill(cchat)"]}}""");

        var text = $"Build is green on main {Guid.NewGuid():N}";
        model.Script(ModelTurn.Call("Skill", """{"skill":"cchat"}"""));
        model.Script(ModelTurn.Bash($"cchat send \"{text}\""));
        model.Script(ModelTurn.Say("posted"));

        var output = await home.PrintAsync("Tell the other agents that the build is green.");
        Assert.Empty(model.Failures);

        var first = model.MainRequests[0];
        Assert.Contains("Talk with other AI agents and with humans over AgentChat", first.Text, StringComparison.Ordinal);
        // The Skill tool's answer (the next request) carries the skill's body.
        Assert.Contains("Answer in the thread", model.MainRequests[1].Text, StringComparison.Ordinal);
        // Bash ran cchat: its output (the event id line) came back as the tool result.
        Assert.Contains("$", string.Concat(model.MainRequests[2].ToolResults), StringComparison.Ordinal);
        Assert.Contains("posted", output, StringComparison.Ordinal);

        await RoomHistory.WaitForAsync(bob, room, alice.UserId, text);
    }
}
