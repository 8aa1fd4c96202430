using System.Net;
using System.Text.Json;
using AgentChat.Gateway;
using AgentChat.Tests.Cli;
using AgentChat.Tests.Daemon;
using static AgentChat.Tests.Receipts.LoopTalk;

namespace AgentChat.Tests.Receipts;

/// <summary>The loop guard stops loops, not work: only messages answering another agent count (docs/receipts-and-loop-guard.md).</summary>
public sealed class LoopGuardRuleTests
{
    [Fact]
    public async Task One_agents_own_stream_of_200_messages_passes_at_the_default_budget()
    {
        var (server, _, alice, _, roomId, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias);
        await Conversation.WaitRegisteredAsync(a);

        var root = await a.SendAsync(new SendRequest { Text = "progress, in my own thread" });
        for (var i = 0; i < 200; i++)
        {
            var (status, body, _) = await TrySendAsync(a, i % 5 == 0
                ? new SendRequest { Text = $"step {i}", Thread = root.EventId }
                : new SendRequest { Text = $"progress {i}" });
            Assert.True(status == HttpStatusCode.OK, $"message {i}: {(int)status} {body}");
        }
        var guard = await GuardAsync(a);
        Assert.Equal(20, guard.Budget);
        Assert.DoesNotContain(guard.Scopes, s => s.RoomId == roomId.Value);
    }

    [Fact]
    public async Task A_ping_pong_of_mentions_trips_at_the_budget_and_cchat_status_shows_the_count()
    {
        const int budget = 3;
        var (server, _, alice, bob, roomId, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias, env: Budget(budget));
        await using var b = await TestDaemon.StartAsync(server, bob, alias, env: Budget(budget));
        await Conversation.WaitRegisteredAsync(a, b);

        var refusedAt = -1;
        for (var i = 0; i < 20 && refusedAt < 0; i++)
        {
            var (speaker, other) = i % 2 == 0 ? (a, bob) : (b, alice);
            var (status, body, _) = await TrySendAsync(speaker, new SendRequest { Text = $"your turn {i}", To = [other.UserId.Value] });
            if (status == HttpStatusCode.TooManyRequests) refusedAt = i;
            else Assert.True(status == HttpStatusCode.OK, $"{i}: {(int)status} {body}");
        }
        Assert.Equal(2 * budget, refusedAt); // alice, who spoke first, is out first

        using var cli = Cchat.For(server, alice, alias);
        cli.Env["XDG_RUNTIME_DIR"] = Path.Combine(a.StateDir, "run");
        using var json = JsonDocument.Parse(await cli.OkAsync("status", "--json"));
        var guard = json.RootElement.GetProperty("daemon").GetProperty("loop_guard");
        Assert.Equal(budget, guard.GetProperty("budget").GetInt32());
        var scope = Assert.Single(guard.GetProperty("scopes").EnumerateArray());
        Assert.Equal(roomId.Value, scope.GetProperty("room_id").GetString());
        Assert.Equal(budget, scope.GetProperty("used").GetInt32());
        Assert.Contains($"loop guard: budget {budget} per room/thread: {roomId.Value} {budget}/{budget}", await cli.OkAsync("status"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_answers_do_not_overrun_the_budget()
    {
        const int budget = 3;
        var (server, _, alice, bob, _, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias, env: Budget(budget));
        await using var b = await TestDaemon.StartAsync(server, bob, alias, env: Budget(budget));
        await Conversation.WaitRegisteredAsync(a, b);
        var root = await b.SendAsync(new SendRequest { Text = "a thread for alice to answer in" });
        await WaitSeenAsync(a, root.EventId);

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => TrySendAsync(a, new SendRequest { Text = $"answer {i}", Thread = root.EventId })));

        Assert.Equal(budget, answers.Count(r => r.Status == HttpStatusCode.OK));
        Assert.Equal(12 - budget, answers.Count(r => r.Status == HttpStatusCode.TooManyRequests));
        var scope = Assert.Single((await GuardAsync(a)).Scopes, s => s.Thread == root.EventId);
        Assert.Equal(budget, scope.Used);
    }
}
