using System.Net;
using System.Net.Http.Headers;
using AgentChat.Gateway;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Metrics;

public sealed class DaemonMetricsTests
{
    [Fact]
    public async Task Metrics_move_after_a_send_and_pass_promtool()
    {
        var (server, _, alice, bob, _, alias) = await SharedRoom.WithTwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, alias);
        await using var b = await TestDaemon.StartAsync(server, bob, alias);
        var start = await b.ReadAsync("?since=0");

        var before = Samples.Parse(await ScrapeAsync(a.Http));
        var waiting = b.ReadAsync($"?since={start.Next}&wait=20");
        await a.SendAsync(new SendRequest { Text = "metrics please", Kind = "question" });
        Assert.Single((await waiting).Messages);
        await a.SendAsync(new SendRequest { Text = "and a task", Kind = "task" });

        var text = await ScrapeAsync(a.Http);
        var after = Samples.Parse(text);
        Assert.Equal(before.Get("agentchat_messages_sent_total{kind=\"question\"}") + 1, after.Get("agentchat_messages_sent_total{kind=\"question\"}"));
        Assert.Equal(before.Get("agentchat_messages_sent_total{kind=\"task\"}") + 1, after.Get("agentchat_messages_sent_total{kind=\"task\"}"));
        Assert.Equal(before.Get("agentchat_send_latency_seconds_count") + 2, after.Get("agentchat_send_latency_seconds_count"));
        Assert.True(after.Get("agentchat_send_latency_seconds_sum") > before.Get("agentchat_send_latency_seconds_sum"));
        Assert.True(after.Get("agentchat_homeserver_responses_total{class=\"2xx\"}") > before.Get("agentchat_homeserver_responses_total{class=\"2xx\"}"));
        Assert.Equal(1, after.Get("agentchat_sync_connected"));
        Assert.Equal(0, after.Get("agentchat_outbox_depth"));
        Assert.Equal(1, after.Get($"agentchat_build_info{{version=\"{AgentChatVersion.Value}\",agent=\"{alice.UserId.Localpart}\"}}"));

        // The receiving daemon counted the question as another agent's.
        await Eventually.WaitAsync(async () =>
            Samples.Parse(await ScrapeAsync(b.Http)).Get("agentchat_messages_received_total{kind=\"question\",from=\"agent\"}") >= 1 ? "ok" : null,
            TestDaemon.Timeout, "bob's daemon counts the question it received");

        var check = await Promtool.CheckMetricsAsync(text);
        Assert.True(check.ExitCode == 0, $"promtool check metrics failed ({check.ExitCode}): {check.StdOut}{check.StdErr}\n{text}");
    }

    [Fact]
    public async Task Metrics_need_a_token_and_the_scrape_token_opens_metrics_only()
    {
        var server = await SynapseServer.GetAsync();
        var owner = await server.CreateUserAsync("own");
        var alice = await server.CreateUserAsync("alice");
        var (_, alias) = await SharedRoom.CreateAsync(server, owner, alice);
        var dir = Directory.CreateTempSubdirectory("agentchat-metrics-");
        var tokenFile = Path.Combine(dir.FullName, "metrics_token");
        var scrapeToken = Guid.NewGuid().ToString("N");
        await File.WriteAllTextAsync(tokenFile, scrapeToken + "\n");
        await using var a = await TestDaemon.StartAsync(server, alice, alias, configure: o => o.MetricsTokenFile = tokenFile);

        using var anonymous = new HttpClient { BaseAddress = a.Daemon.Gateway, Timeout = TestDaemon.Timeout };
        using (var r = await anonymous.GetAsync("/metrics")) Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);

        using var scraper = new HttpClient { BaseAddress = a.Daemon.Gateway, Timeout = TestDaemon.Timeout };
        scraper.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", scrapeToken);
        using (var r = await scraper.GetAsync("/metrics"))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal("text/plain; version=0.0.4; charset=utf-8", r.Content.Headers.ContentType?.ToString());
        }
        using (var r = await scraper.GetAsync("/status")) Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        using (var r = await scraper.PostAsync("/send", new StringContent("{\"text\":\"x\"}"))) Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
    }

    [Fact]
    public async Task Rate_limits_from_a_real_synapse_are_counted()
    {
        // Synapse's default profile: rc_message 0.2/s with a burst of 10, so a dozen sends at once meet 429s.
        var server = await SynapseServer.GetAsync(SynapseProfile.Default);
        var owner = await server.CreateUserAsync("own");
        var alice = await server.CreateUserAsync("alice");
        var (_, alias) = await SharedRoom.CreateAsync(server, owner, alice);
        await using var a = await TestDaemon.StartAsync(server, alice, alias);

        var sends = Enumerable.Range(0, 14).Select(async i =>
        {
            using var r = await a.PostRawAsync("/send", $"{{\"text\":\"burst {i}\"}}");
            Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, $"send {i} answered {(int)r.StatusCode}");
        });
        await Task.WhenAll(sends).WaitAsync(TestDaemon.Timeout);

        await Eventually.WaitAsync(async () =>
            Samples.Parse(await ScrapeAsync(a.Http)).Get("agentchat_homeserver_rate_limited_total") >= 1 ? "ok" : null,
            TestDaemon.Timeout, "the daemon counts Synapse's 429 answers");
        var after = Samples.Parse(await ScrapeAsync(a.Http));
        Assert.True(after.Get("agentchat_homeserver_responses_total{class=\"4xx\"}") >= after.Get("agentchat_homeserver_rate_limited_total"));
    }

    private static async Task<string> ScrapeAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/metrics").WaitAsync(TestDaemon.Timeout);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"/metrics answered {(int)response.StatusCode}: {text}");
        return text;
    }
}
