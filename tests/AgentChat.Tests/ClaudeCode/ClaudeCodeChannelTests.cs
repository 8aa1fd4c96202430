using AgentChat.Tests.Cli;

namespace AgentChat.Tests.ClaudeCode;

/// <summary>
/// <c>cchat mcp</c> as a channel of the real, interactive Claude Code (under tmux). Channels are gated by a feature
/// flag (<c>tengu_harbor</c>) that Claude Code fetches from Anthropic and caches in <c>~/.claude.json</c>
/// (<c>cachedGrowthBookFeatures</c>); offline, the cached value is used, but only while nonessential traffic is allowed
/// (<c>CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC</c> turns the flags off, and channels with them: "Channels are not
/// currently available"). So this test leaves that variable unset, caches the flag as a session that once went online
/// would have it, and sends Claude Code's calls home to a proxy on loopback that refuses them.
/// </summary>
public sealed class ClaudeCodeChannelTests
{
    [Fact]
    public async Task A_push_starts_a_turn_in_an_idle_session_and_what_arrives_while_busy_comes_in_one_request()
    {
        Assert.True(File.Exists(ClaudeCodeInstall.Executable));
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        await using var model = await StandInModel.StartAsync();
        await using var proxy = new RefusingProxy();
        await using var home = ClaudeHome.Create(server, alice, room, model);
        await home.StartDaemonAsync();
        await home.AddMcpServerAsync();
        home.InstallHooks();
        home.MergeSettings("""{"permissions":{"allow":["mcp__cchat"]}}""");
        home.MergeState("""{"cachedGrowthBookFeatures":{"tengu_harbor":true}}""");
        home.ClaudeEnv["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = null;
        home.ClaudeEnv["HTTPS_PROXY"] = home.ClaudeEnv["HTTP_PROXY"] = proxy.Url;
        home.ClaudeEnv["NO_PROXY"] = "127.0.0.1,localhost";
        using var beta = Cchat.For(server, bob, room);
        var tag = Guid.NewGuid().ToString("N")[..8];

        await using var claude = await InteractiveClaude.StartAsync(home, "--dangerously-load-development-channels", "server:cchat");
        await claude.WaitForScreenAsync("I am using this for local development");
        await claude.PressAsync("Enter");
        await claude.WaitForLogAsync("Channel notifications ");
        Assert.DoesNotContain("Channel notifications skipped", claude.ReadLog(), StringComparison.Ordinal);
        await claude.WaitForLogAsync("Channel notifications registered");

        // Idle: a message addressed to alice starts a turn by itself.
        var idle = $"are you there {tag}";
        await beta.OkAsync("send", "--kind", "question", "--to", alice.UserId.Localpart, idle);
        var pushed = await model.WaitForAsync(r => r.Main && r.Text.Contains(idle, StringComparison.Ordinal), "the idle push");
        Assert.Contains("<channel source=\"cchat\"", pushed.LastUserMessage, StringComparison.Ordinal);
        await claude.WaitForScreenAsync("Done.");

        // Busy: two messages arrive while the model works on a prompt; they come in one request after it.
        var first = $"first while busy {tag}";
        var second = $"second while busy {tag}";
        model.Script(async _ =>
        {
            foreach (var text in new[] { first, second })
            {
                await beta.OkAsync("send", "--to", alice.UserId.Localpart, text);
                await home.WaitHeldAsync(text);
            }
            return ModelTurn.Say("worked on it");
        });
        await claude.TypeAsync("Work on the build.");
        var held = await model.WaitForAsync(r => r.Main && (r.Text.Contains(first, StringComparison.Ordinal) || r.Text.Contains(second, StringComparison.Ordinal)),
            "the messages that arrived while busy");
        Assert.Contains(first, held.LastUserMessage, StringComparison.Ordinal);
        Assert.Contains(second, held.LastUserMessage, StringComparison.Ordinal);
        Assert.Empty(model.Failures);

        // Nothing went anywhere but loopback: Claude Code's calls home all hit the refusing proxy.
        Assert.All(proxy.Refused, line => Assert.DoesNotContain("127.0.0.1", line, StringComparison.Ordinal));
    }
}
