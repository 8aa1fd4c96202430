using System.Net.Http.Json;
using System.Text.Json;
using AgentChat.Accounting;
using AgentChat.Tasks;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;
using AgentChat.Tests.Metrics;
using AgentChat.Tests.Tasks;

namespace AgentChat.Tests.Accounting;

/// <summary><c>cchat task show</c> prints what the bridge answers in a task's thread cost, through the gateway and in direct mode.</summary>
public sealed class TaskCostCliTests
{
    [Fact]
    public async Task Task_show_sums_the_bridge_answers_in_the_thread_through_the_gateway_and_direct()
    {
        await using var room = await TaskRoom.StartAsync();
        using var viaGateway = room.Cli(room.Beta, room.BetaDaemon); // beta plays the bridge
        viaGateway.Env["AGENTCHAT_HOMESERVER"] = "http://127.0.0.1:9/"; // nothing listens: only the gateway can answer
        using var direct = room.Cli(room.Alpha);                       // no daemon in reach
        var id = await NewTaskAsync(room, "write the report");
        var quiet = await NewTaskAsync(room, "a task nobody answered");

        await BridgeAnswers.PostAsync(room.Beta, room.RoomId, id,
            BridgeAnswers.Meta(id, input: 1000, output: 200, cacheRead: 300, cacheCreation: 40, usd: 0.05, ms: 3000, task: id));
        await BridgeAnswers.PostAsync(room.Beta, room.RoomId, id, BridgeAnswers.Meta(id, input: 10, usd: 0.01, ms: 600_000, task: id, error: "timeout"));
        await BridgeAnswers.PostAsync(room.Beta, room.RoomId, id, $$$"""
            {"v":1,"kind":"chat","bridge":{"answers":"{{{id}}}","input_tokens":"10","output_tokens":-1,"cost_usd":"NaN","duration_ms":[1]}}
            """);
        await BridgeAnswers.PostAsync(room.Human, room.RoomId, id, BridgeAnswers.Meta(id, input: 5_000_000, usd: 999, ms: 1, task: id)); // a human's claim
        await BridgeAnswers.PostAsync(room.Beta, room.RoomId, id, $$$"""{"v":1,"kind":"status","bridge":{"working_on":"{{{id}}}"}}""", "working on it");

        var expected = new CostTotals
        {
            Answers = 3, Failures = 1, InputTokens = 1010, OutputTokens = 200, CacheReadTokens = 300, CacheCreationTokens = 40,
            CostUsd = 0.05 + 0.01, DurationMs = 603_000, WithoutCost = 1,
        };
        var gatewayCost = TaskRoom.Show(await viaGateway.OkAsync("task", "show", id, "--json")).Cost;
        var directCost = TaskRoom.Show(await direct.OkAsync("task", "show", id, "--json")).Cost;
        Assert.Equal(expected, gatewayCost);
        Assert.Equal(expected, (await room.BetaDaemon!.GetAsync($"/tasks/{Uri.EscapeDataString(id)}", TasksJsonContext.Default.TaskResponse)).Cost);
        Assert.Equal(expected, directCost);

        const string line = "cost: $0.0600 (at least: 1 without a cost) over 3 bridge answers, 1 failed; "
                            + "tokens 1010 in, 200 out, 300 cache read, 40 cache written; 603.0 s";
        Assert.Contains(line, await viaGateway.OkAsync("task", "show", id), StringComparison.Ordinal);
        Assert.Contains(line, await direct.OkAsync("task", "show", id), StringComparison.Ordinal);

        // beta's daemon counted its own three answers; alpha's, which saw them too, counted none (no answer counted twice)
        var betaAnswers = $"agentchat_bridge_answers_total{{agent=\"{room.Beta.UserId.Localpart}\"}}";
        await Eventually.WaitAsync(async () => Samples.Parse(await MetricsAsync(room.BetaDaemon!)).Get(betaAnswers) == 3 ? "ok" : null,
            TaskRoom.Timeout, "beta's daemon counts its three answers");
        Assert.DoesNotContain("agentchat_bridge_answers_total{", await MetricsAsync(room.AlphaDaemon!), StringComparison.Ordinal);

        // no answer, no cost: nothing printed, nothing in the JSON
        Assert.DoesNotContain("cost:", await direct.OkAsync("task", "show", quiet), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await viaGateway.OkAsync("task", "show", quiet, "--json"));
        Assert.False(json.RootElement.TryGetProperty("cost", out _));
    }

    private static async Task<string> MetricsAsync(TestDaemon daemon)
    {
        using var response = await daemon.Http.GetAsync("/metrics").WaitAsync(TaskRoom.Timeout);
        Assert.True(response.IsSuccessStatusCode, $"/metrics answered {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<string> NewTaskAsync(TaskRoom room, string text)
    {
        using var response = await room.AlphaDaemon!.Http.PostAsJsonAsync("/tasks", new TaskNewRequest { Text = text, To = room.Beta.UserId.Value },
            TasksJsonContext.Default.TaskNewRequest).WaitAsync(TaskRoom.Timeout);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return TaskRoom.Moved(body).EventId!;
    }
}
