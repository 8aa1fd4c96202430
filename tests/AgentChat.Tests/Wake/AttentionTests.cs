using System.Text;
using AgentChat.Tests.Daemon;
using static AgentChat.Tests.Wake.WakeSetup;

namespace AgentChat.Tests.Wake;

/// <summary>Priority, expiry and supersede, and the coalescing of what arrives while the session is busy.</summary>
public sealed class AttentionTests
{
    private const int Burst = 30;

    [Fact]
    public async Task A_burst_while_busy_becomes_one_push_urgent_first_without_the_expired_and_the_superseded()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var (server, _, alice, bob, _, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias);
        // bob sends a burst of 30 automated messages with no human between: past the default loop budget (20)
        await using var b = await TestDaemon.StartAsync(server, bob, alias, env: new Dictionary<string, string> { ["AGENTCHAT_LOOP_BUDGET"] = "1000" });
        using var cli = CliBeside(server, a, alias);
        await using var channel = await ChannelClient.StartAsync(cli, cts.Token);
        await channel.WaitConnectedAsync();

        // The session says it is busy (no hooks here: what a hook hands over is not pushed again): the channel holds its pushes.
        await PostAsync(a, "/presence", """{"busy":true,"on":"work"}""");
        await Infrastructure.Eventually.WaitAsync(() => Task.FromResult(channel.Stderr.Contains("session is busy", StringComparison.Ordinal) ? "busy" : null),
            ChannelClient.Timeout, "the channel hears the session is busy");

        var expired = await b.SendAsync(To(alice, "stale news", """{"expires_at":"2001-01-01T00:00:00Z"}"""));
        var replaced = await b.SendAsync(To(alice, "deploy at 3"));
        var normal = new List<string>();
        for (var i = 0; i < Burst; i++) normal.Add((await b.SendAsync(To(alice, $"note {i}"))).EventId);
        var correction = await b.SendAsync(To(alice, "deploy at 4 instead", $$"""{"supersedes":"{{replaced.EventId}}"}"""));
        var urgent = await b.SendAsync(To(alice, "the build is on fire", """{"priority":"urgent"}"""));
        var future = await b.SendAsync(To(alice, "still valid", """{"expires_at":"2999-01-01T00:00:00Z"}"""));
        await WaitHeldAsync(a, future.EventId);
        Assert.Empty(channel.Pushes);

        // The session is idle again.
        await PostAsync(a, "/presence", """{"busy":false}""");
        var push = await channel.WaitForAsync(p => EventIds(p).Contains(future.EventId), "the coalesced push");

        Assert.Single(channel.Pushes);
        Assert.Equal("batch", push.Meta["kind"]);
        Assert.Equal("urgent", push.Meta["priority"]);
        var ids = EventIds(push);
        Assert.Equal(urgent.EventId, ids[0]);
        Assert.Equal(Burst + 3, ids.Count);
        Assert.DoesNotContain(expired.EventId, ids);
        Assert.DoesNotContain(replaced.EventId, ids);
        Assert.Contains(correction.EventId, ids);
        Assert.All(normal, id => Assert.Contains(id, ids));
        Assert.DoesNotContain("stale news", push.Content, StringComparison.Ordinal);
        Assert.StartsWith("- URGENT", push.Content.Split('\n')[1], StringComparison.Ordinal);
        Assert.Contains("more: call the cchat read tool", push.Content, StringComparison.Ordinal);

        // Idle and past the window, a lone message is pushed on its own.
        var lone = await b.SendAsync(To(alice, "one more thing"));
        var single = await channel.WaitForAsync(p => EventIds(p).Contains(lone.EventId), "the lone message");
        Assert.Equal("one more thing", single.Content);
        Assert.Equal(2, channel.Pushes.Count);
    }

    private static async Task PostAsync(TestDaemon daemon, string path, string input)
    {
        using var response = await daemon.Http.PostAsync(path, new StringContent(input, Encoding.UTF8, "application/json")).WaitAsync(TestDaemon.Timeout);
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}");
    }
}
