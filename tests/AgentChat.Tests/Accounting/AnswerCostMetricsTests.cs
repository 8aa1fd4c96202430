using AgentChat.Accounting;
using AgentChat.Hosting.Metrics;
using AgentChat.Metrics;
using AgentChat.Tests.Infrastructure;
using AgentChat.Tests.Metrics;

namespace AgentChat.Tests.Accounting;

public sealed class AnswerCostMetricsTests
{
    [Fact]
    public async Task Answers_add_up_per_agent_with_bounded_labels_and_pass_promtool()
    {
        var registry = new MetricRegistry();
        var metrics = new AnswerCostMetrics(registry, "agentchat_bridge_", "this agent sent");
        metrics.Count("claude", new AnswerCost { Answers = "$1", InputTokens = 100, OutputTokens = 20, CacheReadTokens = 5, CostUsd = 0.25, DurationMs = 1500 });
        metrics.Count("claude", new AnswerCost { Answers = "$2", InputTokens = 1, CostUsd = 0.5, Error = "timeout", DurationMs = 600_000 });
        metrics.Count("claude", new AnswerCost { Answers = "$3", Error = "a stranger's\ncode" });
        metrics.Count("other \"agent\"", new AnswerCost { Answers = "$4", OutputTokens = 9 });

        var text = registry.Render();
        var s = Samples.Parse(text);
        Assert.Equal(3, s.Get("agentchat_bridge_answers_total{agent=\"claude\"}"));
        Assert.Equal(1, s.Get("agentchat_bridge_failures_total{agent=\"claude\",error=\"timeout\"}"));
        Assert.Equal(1, s.Get("agentchat_bridge_failures_total{agent=\"claude\",error=\"other\"}"));
        Assert.Equal(101, s.Get("agentchat_bridge_tokens_total{agent=\"claude\",type=\"input\"}"));
        Assert.Equal(20, s.Get("agentchat_bridge_tokens_total{agent=\"claude\",type=\"output\"}"));
        Assert.Equal(5, s.Get("agentchat_bridge_tokens_total{agent=\"claude\",type=\"cache_read\"}"));
        Assert.Equal(0, s.Get("agentchat_bridge_tokens_total{agent=\"claude\",type=\"cache_creation\"}"));
        Assert.True(s.Has("agentchat_bridge_tokens_total{agent=\"claude\",type=\"cache_creation\"}"), "every type has a series from the first answer");
        Assert.Equal(0.75, s.Get("agentchat_bridge_cost_usd_total{agent=\"claude\"}"), 9);
        Assert.Equal(2, s.Get("agentchat_bridge_answer_duration_seconds_count{agent=\"claude\"}"));
        Assert.Equal(601.5, s.Get("agentchat_bridge_answer_duration_seconds_sum{agent=\"claude\"}"), 9);
        Assert.Equal(9, s.Get("agentchat_bridge_tokens_total{agent=\"other \\\"agent\\\"\",type=\"output\"}"));
        Assert.DoesNotContain("stranger", text, StringComparison.Ordinal);

        var check = await Promtool.CheckMetricsAsync(text);
        Assert.True(check.ExitCode == 0, $"promtool check metrics failed: {check.StdOut}{check.StdErr}\n{text}");
    }

    [Fact]
    public void A_float_counter_refuses_to_go_down_or_to_break()
    {
        var counter = new MetricRegistry().FloatCounter("agentchat_test_usd_total", "test", "agent").WithLabels("a");
        counter.Inc(0.1);
        counter.Inc(0.2);
        Assert.Throws<ArgumentOutOfRangeException>(() => counter.Inc(-0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => counter.Inc(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => counter.Inc(double.PositiveInfinity));
        Assert.Equal(0.3, counter.Value, 12);
    }
}
