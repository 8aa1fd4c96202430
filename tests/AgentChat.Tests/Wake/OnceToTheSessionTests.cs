using System.Text;
using AgentChat.Tests.Daemon;
using static AgentChat.Tests.Wake.WakeSetup;

namespace AgentChat.Tests.Wake;

/// <summary>
/// The channel and the hooks both installed (as docs/claude-code.md sets a session up): a message reaches the session
/// once, by whichever comes first. Without this, the Stop hook handed over again what the channel had pushed to an idle
/// session, and the channel pushed again, once the session went idle, what the Stop hook had handed over while it was busy
/// (both seen with the real Claude Code in bench rows 25a and 25c).
/// </summary>
public sealed class OnceToTheSessionTests
{
    private const string StopInput = """{"hook_event_name":"Stop","stop_hook_active":false}""";
    private const string StopAgain = """{"hook_event_name":"Stop","stop_hook_active":true}""";

    [Fact]
    public async Task What_the_channel_pushed_no_hook_hands_over_again_and_what_a_hook_handed_over_the_channel_does_not_push()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var (server, _, alice, bob, _, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias);
        await using var b = await TestDaemon.StartAsync(server, bob, alias);
        using var cli = CliBeside(server, a, alias);
        await using var channel = await ChannelClient.StartAsync(cli, cts.Token);
        await channel.WaitConnectedAsync();

        // Idle: the channel pushes the message; the Stop hook at the end of the turn it started does not hand it over again.
        var pushed = await b.SendAsync(To(alice, "pushed while idle"));
        await channel.WaitForAsync(p => EventIds(p).Contains(pushed.EventId), "the idle push");
        Assert.Equal("", await HookAsync(a, "stop", StopInput));
        Assert.Equal("", await HookAsync(a, "prompt", """{"hook_event_name":"UserPromptSubmit","prompt":"go on"}"""));
        Assert.Equal("", await HookAsync(a, "stop", StopInput));

        // Busy: a message arrives during a turn; the Stop hook hands it over; the session then goes idle, and the channel,
        // which held it while the session was busy, does not push it again.
        await HookAsync(a, "prompt", """{"hook_event_name":"UserPromptSubmit","prompt":"work"}""");
        await Infrastructure.Eventually.WaitAsync(() => Task.FromResult(channel.Stderr.Contains("session is busy", StringComparison.Ordinal) ? "busy" : null),
            ChannelClient.Timeout, "the channel hears the session is busy");
        var handed = await b.SendAsync(To(alice, "arrived while busy"));
        await WaitHeldAsync(a, handed.EventId);
        Assert.Contains("arrived while busy", await HookAsync(a, "stop", StopInput), StringComparison.Ordinal);
        Assert.Equal("", await HookAsync(a, "stop", StopAgain));

        // A later message is pushed; what the hook handed over was not pushed before it, nor with it.
        var later = await b.SendAsync(To(alice, "after the turn"));
        await channel.WaitForAsync(p => EventIds(p).Contains(later.EventId), "the later push");
        Assert.DoesNotContain(channel.Pushes, p => EventIds(p).Contains(handed.EventId));
        Assert.Single(channel.Pushes, p => EventIds(p).Contains(pushed.EventId));
    }

    /// <summary>Posts the hook's input to the daemon; the hook's output JSON, or "" when it has nothing to say.</summary>
    private static async Task<string> HookAsync(TestDaemon daemon, string hook, string input)
    {
        using var response = await daemon.Http.PostAsync("/hooks/" + hook, new StringContent(input, Encoding.UTF8, "application/json")).WaitAsync(TestDaemon.Timeout);
        Assert.True(response.IsSuccessStatusCode, $"/hooks/{hook} answered {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }
}
