using AgentChat.Tests.Cli;

namespace AgentChat.Tests.ClaudeCode;

/// <summary>
/// The hooks (<c>skills/cchat/hooks/settings.json</c> in <c>~/.claude/settings.json</c>, as docs/wake.md installs them)
/// under the real Claude Code, served by the agent's real daemon: what they hand over is what the model sees next.
/// </summary>
public sealed class ClaudeCodeHookTests
{
    [Fact]
    public async Task Session_start_hands_over_what_waits_and_stop_blocks_for_what_arrives_until_it_gives_up_after_three()
    {
        Assert.True(File.Exists(ClaudeCodeInstall.Executable));
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        await using var model = await StandInModel.StartAsync();
        await using var home = ClaudeHome.Create(server, alice, room, model);
        await home.StartDaemonAsync();
        home.InstallHooks();
        using var beta = Cchat.For(server, bob, room);
        var tag = Guid.NewGuid().ToString("N")[..8];

        async Task SendToAliceAsync(string text)
        {
            await beta.OkAsync("send", "--to", alice.UserId.Localpart, text);
            await home.WaitHeldAsync(text);
        }

        var waiting = $"waiting before the session {tag}";
        await SendToAliceAsync(waiting);
        // Each turn of the model, another message for alice arrives while it "works".
        for (var i = 1; i <= 4; i++)
        {
            var text = $"arrived while working {i} {tag}";
            model.Script(async _ =>
            {
                await SendToAliceAsync(text);
                return ModelTurn.Say("turn done");
            });
        }

        await home.PrintAsync("Work on the task.");
        Assert.Empty(model.Failures);
        var main = model.MainRequests;

        // SessionStart: the message that waited is in the first request.
        Assert.Contains(waiting, main[0].Text, StringComparison.Ordinal);
        // Stop blocked three times in a row, each time with the one message that arrived during the turn before ...
        for (var i = 1; i <= 3; i++)
        {
            Assert.Contains($"arrived while working {i} {tag}", main[i].LastUserMessage, StringComparison.Ordinal);
            Assert.DoesNotContain($"arrived while working {i + 1} {tag}", main[i].Text, StringComparison.Ordinal);
        }
        // ... then gave up: the fourth stop went through, and the fourth message waits for the next prompt.
        Assert.True(main.Count == 4, $"expected 4 main requests, saw:\n{model.Describe()}");
        Assert.DoesNotContain(model.Requests, r => r.Text.Contains($"arrived while working 4 {tag}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_prompt_typed_in_an_interactive_session_carries_what_arrived_since_the_session_started()
    {
        Assert.True(File.Exists(ClaudeCodeInstall.Executable));
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        await using var model = await StandInModel.StartAsync();
        await using var home = ClaudeHome.Create(server, alice, room, model);
        await home.StartDaemonAsync();
        home.InstallHooks();
        using var beta = Cchat.For(server, bob, room);

        // One message waits before the session starts, so the SessionStart hook has something to say (and Claude Code logs it).
        var before = $"waiting before the session {Guid.NewGuid():N}";
        await beta.OkAsync("send", "--to", alice.UserId.Localpart, before);
        await home.WaitHeldAsync(before);

        await using var claude = await InteractiveClaude.StartAsync(home);
        await claude.WaitForScreenAsync("? for shortcuts");
        await claude.WaitForLogAsync(SessionStartDone);

        var text = $"arrived between prompts {Guid.NewGuid():N}";
        await beta.OkAsync("send", "--to", alice.UserId.Localpart, text);
        await home.WaitHeldAsync(text);
        await claude.TypeAsync("Carry on.");

        var request = await model.WaitForAsync(r => r.Main, "the prompt's request");
        Assert.Contains("Carry on.", request.LastUserMessage, StringComparison.Ordinal);
        Assert.True(request.Text.Contains(text, StringComparison.Ordinal), $"the prompt's request lacks '{text}':\n{request.Text}\n\ndebug log:\n{claude.DebugTail(80)}");
        Assert.Contains("new message(s) addressed to you arrived", request.Text, StringComparison.Ordinal);
        Assert.Contains(before, request.Text, StringComparison.Ordinal); // SessionStart's context, in the same first request
        await claude.WaitForScreenAsync("Done.");
        Assert.Empty(model.Failures);
    }

    /// <summary>What Claude Code's debug log says once a SessionStart hook has run and answered.</summary>
    private const string SessionStartDone = "Hook SessionStart:startup (SessionStart) success";
}
