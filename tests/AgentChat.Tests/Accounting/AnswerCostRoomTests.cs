using System.Globalization;
using System.Net;
using System.Text.Json;
using AgentChat.Archive.Costs;
using AgentChat.Daemon.Metrics;
using AgentChat.Tests.Archive;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;
using AgentChat.Tests.Metrics;

namespace AgentChat.Tests.Accounting;

/// <summary>
/// Bridge-shaped answers on a real Synapse, posted by a raw client as the bridge's account (its daemon running), read back
/// from the bridge's daemon's /metrics and from a real archive on PostgreSQL: bridge_answers, GET /costs, its /metrics.
/// </summary>
public sealed class AnswerCostRoomTests
{
    private static readonly TimeSpan Catchup = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task The_bridges_daemon_and_the_archive_count_each_answer_once_and_skip_hostile_figures()
    {
        var pg = await PostgresServer.GetAsync();
        var server = await SynapseServer.GetAsync();
        var db = await pg.CreateDatabaseAsync("cost");
        var human = await server.CreateUserAsync("human");
        var bridge = await server.CreateUserAsync("claude");
        var reader = await server.CreateUserAsync("arch");
        var (room, alias) = await SharedRoom.CreateAsync(server, human, bridge, reader);
        await using var daemon = await TestDaemon.StartAsync(server, bridge, alias, configure: o => o.Capabilities = [AgentChat.Accounting.AnswerCost.BridgeCapability]);
        var agent = bridge.UserId.Localpart;

        var task = await BridgeAnswers.HumanAsksAsync(human, room, "[TASK] write the report");
        var chat = await BridgeAnswers.HumanAsksAsync(human, room, "!claude summarise");
        await BridgeAnswers.PostAsync(bridge, room, task, $$$"""{"v":1,"kind":"status","bridge":{"working_on":"{{{task}}}"}}""", "working on it");
        await BridgeAnswers.PostAsync(bridge, room, task,
            BridgeAnswers.Meta(task, input: 1000, output: 200, cacheRead: 300, cacheCreation: 40, usd: 0.05, ms: 3000, task: task));
        await BridgeAnswers.PostAsync(bridge, room, task, BridgeAnswers.Meta(task, input: 10, usd: 0.01, ms: 600_000, task: task, error: "timeout"));
        // written by a stranger's hand: every figure implausible or wrong-typed, the answer itself still one
        await BridgeAnswers.PostAsync(bridge, room, chat, $$$"""
            {"v":1,"kind":"chat","bridge":{"answers":"{{{chat}}}","input_tokens":-5,"output_tokens":"12","cache_read_tokens":1000000000001,
             "cache_creation_tokens":"1.5","cost_usd":"-1","duration_ms":"1e400","turns":[],"task":{"id":1},"error":7}}
            """);
        // a human claiming a cost is not a bridge answer
        await BridgeAnswers.PostAsync(human, room, task, BridgeAnswers.Meta(task, input: 999_999, usd: 1000, ms: 1, task: task));
        var expected = (Answers: 3, Failures: 1, Input: 1010L, Output: 200L, CacheRead: 300L, CacheCreation: 40L, Usd: 0.06, Ms: 603_000L, WithoutCost: 1);

        // the bridge's own daemon, from what came back through /sync
        Samples scraped = null!;
        await Eventually.WaitAsync(async () =>
        {
            scraped = Samples.Parse(await ScrapeAsync(daemon.Http));
            return scraped.Get($"agentchat_bridge_answers_total{{agent=\"{agent}\"}}") >= 3 ? "ok" : null;
        }, TestDaemon.Timeout, "the bridge's daemon counted its three answers");
        AssertCounted(scraped, "agentchat_bridge_", agent, expected.Answers, expected.Input, expected.Output, expected.CacheRead, expected.CacheCreation, expected.Usd);

        var archiveState = AgentEnvironment.NewStateDir("archive");
        var archive = await TestArchive.StartAsync(server, reader, alias, db, archiveState);
        var database = db.Split(';').Single(p => p.StartsWith("Database=", StringComparison.Ordinal))["Database=".Length..];
        await Eventually.WaitAsync(async () =>
        {
            try
            {
                var held = await TestArchive.ArchivedIdsAsync(pg, db, room.Value);
                return held.Count >= 7 && await pg.PsqlAsync("select count(*) from bridge_answers", database) == "3" ? "ok" : null;
            }
            catch (InvalidOperationException)
            {
                return null; // the archive has not made its tables yet
            }
        }, Catchup, "the archive holds the seven messages and the three answers");
        Assert.Equal("3", await pg.PsqlAsync("select count(*) from bridge_answers", database));
        Assert.Equal("1|1|1|1|1|1|1|1|1", await pg.PsqlAsync(
            $"select (input_tokens is null)::int, (output_tokens is null)::int, (cache_read_tokens is null)::int, (cache_creation_tokens is null)::int, "
            + $"(cost_usd is null)::int, (duration_ms is null)::int, (turns is null)::int, (task_id is null)::int, (error is null)::int "
            + $"from bridge_answers where thread_id = '{chat}'", database));

        var byAgent = Assert.Single((await CostsAsync(archive, "?by=agent")).Rows);
        Assert.Equal(agent, byAgent.Key);
        var t = byAgent.Totals;
        Assert.True(byAgent.FirstTs > 0 && byAgent.LastTs >= byAgent.FirstTs);
        Assert.Equal((expected.Answers, expected.Failures, expected.Input, expected.Output, expected.CacheRead, expected.CacheCreation, expected.Ms, expected.WithoutCost),
            (t.Answers, t.Failures, t.InputTokens, t.OutputTokens, t.CacheReadTokens, t.CacheCreationTokens, t.DurationMs, t.WithoutCost));
        Assert.Equal(expected.Usd, t.CostUsd, 9);
        var byThread = (await CostsAsync(archive, "?by=thread")).Rows;
        Assert.Equal([task, chat], byThread.Select(r => r.Key));
        Assert.Equal([2, 1], byThread.Select(r => r.Totals.Answers));
        var byTask = Assert.Single((await CostsAsync(archive, $"?by=task&agent={agent}")).Rows);
        Assert.Equal((task, 2, 1), (byTask.Key, byTask.Totals.Answers, byTask.Totals.Failures));
        Assert.Equal(0.06, byTask.Totals.CostUsd, 9);
        Assert.Empty((await CostsAsync(archive, "?by=task&agent=nobody")).Rows);
        using (var bad = await archive.Http.GetAsync("/costs?by=room").WaitAsync(TestDaemon.Timeout))
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        var archiveText = await ScrapeAsync(archive.Http);
        AssertCounted(Samples.Parse(archiveText), "agentchat_archive_bridge_", agent, expected.Answers, expected.Input, expected.Output, expected.CacheRead,
            expected.CacheCreation, expected.Usd);
        Assert.DoesNotContain(human.UserId.Localpart, archiveText, StringComparison.Ordinal);
        var check = await Promtool.CheckMetricsAsync(archiveText);
        Assert.True(check.ExitCode == 0, $"promtool check metrics failed: {check.StdOut}{check.StdErr}\n{archiveText}");

        // Restarted, the archive resumes after what it stored: an old answer is neither a second row nor counted again.
        await archive.DisposeAsync();
        await BridgeAnswers.PostAsync(bridge, room, chat, BridgeAnswers.Meta(chat, output: 7, usd: 0.5, ms: 1000));
        await using var again = await TestArchive.StartAsync(server, reader, alias, db, archiveState);
        await Eventually.WaitAsync(async () => await pg.PsqlAsync("select count(*) from bridge_answers", database) == "4" ? "ok" : null,
            Catchup, "the answer sent while the archive was stopped is stored");
        var counted = Samples.Parse(await ScrapeAsync(again.Http));
        Assert.Equal(1, counted.Get($"agentchat_archive_bridge_answers_total{{agent=\"{agent}\"}}"));
        Assert.Equal(0.5, counted.Get($"agentchat_archive_bridge_cost_usd_total{{agent=\"{agent}\"}}"), 9);
        Assert.Equal(0.56, (await CostsAsync(again, "?by=agent")).Rows.Single().Totals.CostUsd, 9);
    }

    private static void AssertCounted(Samples s, string prefix, string agent, int answers, long input, long output, long cacheRead, long cacheCreation, double usd)
    {
        var a = $"agent=\"{agent}\"";
        Assert.Equal(answers, s.Get($"{prefix}answers_total{{{a}}}"));
        Assert.Equal(1, s.Get($"{prefix}failures_total{{{a},error=\"timeout\"}}"));
        Assert.False(s.Has($"{prefix}failures_total{{{a},error=\"other\"}}"), "the hostile answer's error 7 is no error code at all");
        Assert.Equal(input, s.Get($"{prefix}tokens_total{{{a},type=\"input\"}}"));
        Assert.Equal(output, s.Get($"{prefix}tokens_total{{{a},type=\"output\"}}"));
        Assert.Equal(cacheRead, s.Get($"{prefix}tokens_total{{{a},type=\"cache_read\"}}"));
        Assert.Equal(cacheCreation, s.Get($"{prefix}tokens_total{{{a},type=\"cache_creation\"}}"));
        Assert.Equal(usd, s.Get($"{prefix}cost_usd_total{{{a}}}"), 9);
        Assert.Equal(2, s.Get($"{prefix}answer_duration_seconds_count{{{a}}}"));
        Assert.Equal(603, s.Get($"{prefix}answer_duration_seconds_sum{{{a}}}"), 9);
    }

    private static async Task<CostsResponse> CostsAsync(TestArchive archive, string query)
    {
        using var response = await archive.Http.GetAsync("/costs" + query).WaitAsync(TestDaemon.Timeout);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"/costs{query} answered {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize(text, CostsJsonContext.Default.CostsResponse)!;
    }

    private static async Task<string> ScrapeAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/metrics").WaitAsync(TestDaemon.Timeout);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
