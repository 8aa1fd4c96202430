using System.Net;
using System.Text;
using System.Text.Json;
using AgentChat.Gateway;
using AgentChat.Tests.Daemon;
using static AgentChat.Tests.Wake.WakeSetup;

namespace AgentChat.Tests.Wake;

/// <summary>The Claude Code hooks (<c>cchat hook …</c>, the published binary) against a real daemon.</summary>
public sealed class HookTests
{
    private const string StopInput = """{"session_id":"s1","hook_event_name":"Stop","stop_hook_active":false}""";
    private const string StopAgain = """{"session_id":"s1","hook_event_name":"Stop","stop_hook_active":true}""";

    [Fact]
    public async Task Stop_blocks_with_the_waiting_messages_as_the_reason_and_lets_the_session_stop_when_none_wait()
    {
        var (server, owner, alice, bob, _, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias);
        await using var b = await TestDaemon.StartAsync(server, bob, alias);
        using var cli = CliBeside(server, a, alias);

        var start = await cli.RunWithInputAsync("""{"hook_event_name":"SessionStart","source":"startup"}""", "hook", "session-start");
        Assert.Equal(0, start.ExitCode);
        var idle = await cli.RunWithInputAsync(StopInput, "hook", "stop");
        Assert.Equal(0, idle.ExitCode);
        Assert.Equal("", idle.StdOut.Trim());

        var other = await b.SendAsync(To(owner, "for the owner only"));
        var task = await b.SendAsync(To(alice, "run the migrations", kind: "task"));
        await WaitHeldAsync(a, task.EventId);

        var blocked = await cli.RunWithInputAsync(StopInput, "hook", "stop");
        Assert.Equal(0, blocked.ExitCode);
        using (var doc = JsonDocument.Parse(blocked.StdOut))
        {
            Assert.Equal("block", doc.RootElement.GetProperty("decision").GetString());
            var reason = doc.RootElement.GetProperty("reason").GetString()!;
            Assert.Contains("run the migrations", reason, StringComparison.Ordinal);
            Assert.Contains(task.EventId, reason, StringComparison.Ordinal);
            Assert.DoesNotContain("for the owner only", reason, StringComparison.Ordinal);
            Assert.DoesNotContain(other.EventId, reason, StringComparison.Ordinal);
        }

        // Handed over once: the next stop (Claude Code now says a stop hook keeps it going) lets it stop.
        var after = await cli.RunWithInputAsync(StopAgain, "hook", "stop");
        Assert.Equal("", after.StdOut.Trim());

        // Still unread (a hook hands over, it does not mark read): a new session starts with it.
        var session = await cli.RunWithInputAsync("""{"hook_event_name":"SessionStart","source":"resume"}""", "hook", "session-start");
        using (var doc = JsonDocument.Parse(session.StdOut))
        {
            var output = doc.RootElement.GetProperty("hookSpecificOutput");
            Assert.Equal("SessionStart", output.GetProperty("hookEventName").GetString());
            Assert.Contains("run the migrations", output.GetProperty("additionalContext").GetString(), StringComparison.Ordinal);
        }

        // A prompt gets only what is new since.
        Assert.Equal("", (await cli.RunWithInputAsync("""{"hook_event_name":"UserPromptSubmit","prompt":"go on"}""", "hook", "prompt")).StdOut.Trim());
        var fresh = await b.SendAsync(To(alice, "also rotate the logs"));
        await WaitHeldAsync(a, fresh.EventId);
        var prompt = await cli.RunWithInputAsync("""{"hook_event_name":"UserPromptSubmit","prompt":"go on"}""", "hook", "prompt");
        using (var doc = JsonDocument.Parse(prompt.StdOut))
        {
            var context = doc.RootElement.GetProperty("hookSpecificOutput").GetProperty("additionalContext").GetString()!;
            Assert.Contains("also rotate the logs", context, StringComparison.Ordinal);
            Assert.DoesNotContain("run the migrations", context, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_stop_hook_gives_up_blocking_after_a_few_stops_in_a_row_so_a_flood_cannot_hold_the_session()
    {
        var (server, _, alice, bob, _, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias);
        await using var b = await TestDaemon.StartAsync(server, bob, alias);
        var blocks = 0;
        for (var i = 0; i < 5; i++)
        {
            var sent = await b.SendAsync(To(alice, $"flood {i}"));
            await WaitHeldAsync(a, sent.EventId);
            using var response = await a.Http.PostAsync("/hooks/stop", new StringContent(i == 0 ? StopInput : StopAgain, Encoding.UTF8, "application/json"));
            if (response.StatusCode == HttpStatusCode.OK) blocks++;
            else Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
        Assert.Equal(AgentChat.Daemon.Wake.HookEndpoints.MaxBlocksInARow, blocks);
    }
}
