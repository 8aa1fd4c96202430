using AgentChat.Configuration;
using AgentChat.Daemon.Metrics;
using AgentChat.Hosting.Metrics;

namespace AgentChat.Tests.Metrics;

public sealed class DaemonMetricsUnitTests
{
    [Fact]
    public void A_kind_a_room_invents_is_counted_as_other_and_adds_no_series()
    {
        var metrics = new DaemonMetrics(TimeProvider.System);
        var before = metrics.Registry.Render().Split('\n').Length;

        metrics.Sent("evil\"}\nkind");
        metrics.Sent(null);
        metrics.Sent("task");
        metrics.Answered(429);
        metrics.Answered(503);
        metrics.Answered(999); // no such class: ignored

        var text = metrics.Registry.Render();
        var samples = Samples.Parse(text);
        Assert.Equal(before, text.Split('\n').Length);
        Assert.Equal(2, samples.Get("agentchat_messages_sent_total{kind=\"other\"}"));
        Assert.Equal(1, samples.Get("agentchat_messages_sent_total{kind=\"task\"}"));
        Assert.Equal(1, samples.Get("agentchat_homeserver_rate_limited_total"));
        Assert.Equal(1, samples.Get("agentchat_homeserver_responses_total{class=\"4xx\"}"));
        Assert.Equal(1, samples.Get("agentchat_homeserver_responses_total{class=\"5xx\"}"));
        Assert.DoesNotContain("evil", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("short\n")]
    public void A_scrape_token_file_that_is_empty_or_short_stops_the_start_with_its_path(string content)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("agentchat-scrape-").FullName, "metrics_token");
        File.WriteAllText(file, content);

        var e = Assert.Throws<SettingsException>(() => new ScrapeToken(file));

        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.Contains("openssl rand -hex 32", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_scrape_token_file_says_which_and_an_unset_one_opens_nothing()
    {
        var e = Assert.Throws<SettingsException>(() => new ScrapeToken("/nonexistent/agentchat/metrics_token"));
        Assert.Contains("AGENTCHAT_METRICS_TOKEN_FILE", e.Message, StringComparison.Ordinal);
        Assert.False(new ScrapeToken(null).Matches(""u8));
    }
}
