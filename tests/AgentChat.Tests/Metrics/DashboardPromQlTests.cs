using System.Text.Json;
using AgentChat.Daemon.Metrics;
using AgentChat.Gateway;
using AgentChat.Tests.Accounting;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Metrics;

/// <summary>
/// The dashboard's PromQL panels against a real Prometheus that scrapes a real daemon's /metrics with the scrape
/// token, as deploy/prometheus/prometheus.yml does: every query is checked by promtool and answered by Prometheus.
/// </summary>
public sealed class DashboardPromQlTests
{
    [Fact]
    public async Task Every_promql_panel_runs_against_prometheus_scraping_a_daemon()
    {
        var server = await SynapseServer.GetAsync();
        var owner = await server.CreateUserAsync("own");
        var alice = await server.CreateUserAsync("alice");
        var (room, alias) = await SharedRoom.CreateAsync(server, owner, alice);
        var dir = Directory.CreateTempSubdirectory("agentchat-scrape-");
        var tokenFile = Path.Combine(dir.FullName, "metrics_token");
        await File.WriteAllTextAsync(tokenFile, Guid.NewGuid().ToString("N"));
        await using var daemon = await TestDaemon.StartAsync(server, alice, alias, configure: o =>
        {
            o.MetricsTokenFile = tokenFile;
            o.Capabilities = [AgentChat.Accounting.AnswerCost.BridgeCapability]; // alice is a bridge: her answers' cost is counted from zero
        });
        await using var prometheus = PrometheusServer.Start(daemon.Daemon.Gateway, tokenFile);

        await Eventually.WaitAsync(async () => await Up(prometheus) ? "up" : null, TestDaemon.Timeout,
            $"Prometheus scrapes the daemon with the scrape token\n{prometheus.Log}");
        for (var i = 0; i < 3; i++) await daemon.SendAsync(new SendRequest { Text = $"scraped {i}", Kind = "status" });
        // rate() over the send needs two scrapes around it
        await Eventually.WaitAsync(async () =>
            (await prometheus.QueryAsync("histogram_quantile(0.9, sum by (le) (rate(agentchat_send_latency_seconds_bucket[1m])))")).GetArrayLength() > 0 ? "ok" : null,
            TestDaemon.Timeout, "the send latency quantile has a value");

        // alice's account answers in a thread the way cchat bridge does (meta.bridge), once well and once failing
        var agent = alice.UserId.Localpart;
        await Eventually.WaitAsync(async () =>
            (await prometheus.QueryAsync($"agentchat_bridge_cost_usd_total{{agent=\"{agent}\"}}")).GetArrayLength() > 0 ? "ok" : null,
            TestDaemon.Timeout, "the bridge's cost series is scraped at zero before any answer");
        var ask = await BridgeAnswers.HumanAsksAsync(owner, room, "summarise this thread");
        await BridgeAnswers.PostAsync(alice, room, ask, BridgeAnswers.Meta(ask, input: 1000, output: 200, cacheRead: 300, cacheCreation: 40, usd: 0.05, ms: 3000));
        await BridgeAnswers.PostAsync(alice, room, ask, BridgeAnswers.Meta(ask, input: 10, usd: 0.01, ms: 600_000, error: "timeout"));
        await Eventually.WaitAsync(async () =>
            Value(await prometheus.QueryAsync("sum by (agent) (agentchat_bridge_answers_total)")) == 2 ? "ok" : null,
            TestDaemon.Timeout, "Prometheus scraped both answers");
        Assert.Equal(0.06, Value(await prometheus.QueryAsync("sum(agentchat_bridge_cost_usd_total)")), 9);
        Assert.Equal(1010, Value(await prometheus.QueryAsync("sum(agentchat_bridge_tokens_total{type=\"input\"})")));
        Assert.Equal(1, Value(await prometheus.QueryAsync("sum(agentchat_bridge_failures_total{error=\"timeout\"})")));
        await Eventually.WaitAsync(async () =>
            Value(await prometheus.QueryAsync(DashboardQueries.ExpandPromQl("sum by (agent) (increase(agentchat_bridge_cost_usd_total[$__range]))"))) > 0.05 ? "ok" : null,
            TestDaemon.Timeout, "the cost-in-range panel shows the answers' cost");

        var queries = DashboardQueries.All().Where(q => q.DataSourceUid == DashboardQueries.PrometheusUid).ToList();
        Assert.True(queries.Count >= 10, $"expected the PromQL panels, found {queries.Count}");
        var answered = 0;
        foreach (var q in queries)
        {
            var expr = DashboardQueries.ExpandPromQl(q.Text);
            var check = await ProcessRunner.RunAsync(Promtool.Path, ["query", "instant", prometheus.Url.ToString().TrimEnd('/'), expr], TimeSpan.FromSeconds(60));
            Assert.True(check.ExitCode == 0, $"panel '{q.Panel}' ({q.RefId}): promtool query failed: {check.StdErr}\n{expr}");
            if ((await prometheus.QueryAsync(expr)).GetArrayLength() > 0) answered++;
        }
        // The daemon's own series answer; only archive series (no archive here) may be empty.
        var sent = await prometheus.QueryAsync(DashboardQueries.ExpandPromQl("sum by (job, kind) (rate(agentchat_messages_sent_total[$__rate_interval]))"));
        Assert.Contains(sent.EnumerateArray(), r => r.GetProperty("metric").GetProperty("kind").GetString() == "status");
        Assert.True(answered >= queries.Count - 3, $"only {answered} of {queries.Count} dashboard queries had data");
    }

    private static double Value(JsonElement result) =>
        result.GetArrayLength() == 0 ? double.NaN
            : double.Parse(result[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<bool> Up(PrometheusServer prometheus)
    {
        try
        {
            var result = await prometheus.QueryAsync("up{job=\"agentchat-daemon\"}");
            return result.EnumerateArray().Any(r => r.GetProperty("value")[1].GetString() == "1");
        }
        catch (InvalidOperationException e) when (e.Message.Contains(" answered 503", StringComparison.Ordinal))
        {
            return false; // listening, but its storage is not open yet (a loaded machine shows this)
        }
        catch (HttpRequestException)
        {
            return false; // not listening yet
        }
    }
}
