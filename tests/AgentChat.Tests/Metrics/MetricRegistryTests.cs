using AgentChat.Metrics;

namespace AgentChat.Tests.Metrics;

public sealed class MetricRegistryTests
{
    [Fact]
    public void Counters_and_gauges_render_with_help_and_type()
    {
        var registry = new MetricRegistry();
        var sent = registry.Counter("app_sent_total", "Messages sent.");
        var depth = registry.Gauge("app_depth", "Queue depth.");
        sent.Inc();
        sent.Inc(2);
        depth.Set(5);
        depth.Dec(1.5);

        Assert.Equal(
            "# HELP app_sent_total Messages sent.\n# TYPE app_sent_total counter\napp_sent_total 3\n"
            + "# HELP app_depth Queue depth.\n# TYPE app_depth gauge\napp_depth 3.5\n",
            registry.Render());
    }

    [Fact]
    public void Help_and_label_values_are_escaped()
    {
        var registry = new MetricRegistry();
        registry.Counter("app_x_total", "a \\ backslash\nand a newline", "path").WithLabels("C:\\dir \"quoted\"\nnext").Inc();

        var text = registry.Render();

        Assert.Contains("# HELP app_x_total a \\\\ backslash\\nand a newline\n", text, StringComparison.Ordinal);
        Assert.Contains("app_x_total{path=\"C:\\\\dir \\\"quoted\\\"\\nnext\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Labelled_children_are_kept_and_written_in_a_stable_order()
    {
        var registry = new MetricRegistry();
        var family = registry.Counter("app_in_total", "In.", "kind", "from");
        var task = family.WithLabels("task", "agent");
        task.Inc();
        family.WithLabels("chat", "human").Inc(4);

        Assert.Same(task, family.WithLabels("task", "agent"));
        Assert.Equal("# HELP app_in_total In.\n# TYPE app_in_total counter\n"
                     + "app_in_total{kind=\"chat\",from=\"human\"} 4\napp_in_total{kind=\"task\",from=\"agent\"} 1\n", registry.Render());
        Assert.Throws<ArgumentException>(() => family.WithLabels("task"));
    }

    [Fact]
    public void Histogram_buckets_are_cumulative_with_inf_sum_and_count()
    {
        var registry = new MetricRegistry();
        var latency = registry.Histogram("app_latency_seconds", "Latency.", [0.1, 1, 10]);
        latency.Observe(0.05);
        latency.Observe(0.1); // on the bound: counted in le="0.1"
        latency.Observe(0.5);
        latency.Observe(100);

        Assert.Equal("# HELP app_latency_seconds Latency.\n# TYPE app_latency_seconds histogram\n"
                     + "app_latency_seconds_bucket{le=\"0.1\"} 2\napp_latency_seconds_bucket{le=\"1\"} 3\n"
                     + "app_latency_seconds_bucket{le=\"10\"} 3\napp_latency_seconds_bucket{le=\"+Inf\"} 4\n"
                     + "app_latency_seconds_sum 100.65\napp_latency_seconds_count 4\n", registry.Render());
        Assert.Equal(4, latency.Count);
    }

    [Fact]
    public void Labelled_histogram_puts_le_after_its_labels()
    {
        var registry = new MetricRegistry();
        registry.Histogram("app_h_seconds", "H.", [1], "kind").WithLabels("task").Observe(2);

        Assert.Contains("app_h_seconds_bucket{kind=\"task\",le=\"1\"} 0\napp_h_seconds_bucket{kind=\"task\",le=\"+Inf\"} 1\n"
                        + "app_h_seconds_sum{kind=\"task\"} 2\napp_h_seconds_count{kind=\"task\"} 1\n", registry.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void Funcs_are_read_at_scrape_and_a_failing_one_writes_nan()
    {
        var registry = new MetricRegistry();
        var depth = 1;
        registry.GaugeFunc("app_depth", "Depth.", () => depth);
        registry.CounterFunc("app_broken_total", "Broken.", () => throw new InvalidOperationException("gone"));
        depth = 7;

        var text = registry.Render();

        Assert.Contains("app_depth 7\n", text, StringComparison.Ordinal);
        Assert.Contains("app_broken_total NaN\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Special_values_use_the_formats_spelling()
    {
        var registry = new MetricRegistry();
        registry.Gauge("app_g", "G.", "v").WithLabels("pos").Set(double.PositiveInfinity);
        registry.Gauge("app_g2", "G.").Set(double.NegativeInfinity);
        registry.Gauge("app_g3", "G.").Set(1e-7);

        var text = registry.Render();

        Assert.Contains("app_g{v=\"pos\"} +Inf\n", text, StringComparison.Ordinal);
        Assert.Contains("app_g2 -Inf\n", text, StringComparison.Ordinal);
        Assert.Contains("app_g3 1E-07\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("9starts_with_digit")]
    [InlineData("has-dash")]
    [InlineData("")]
    public void Bad_metric_names_are_refused(string name) =>
        Assert.Throws<ArgumentException>(() => new MetricRegistry().Counter(name, "x"));

    [Fact]
    public void Bad_label_names_duplicate_metrics_and_bad_buckets_are_refused()
    {
        var registry = new MetricRegistry();
        registry.Counter("app_a_total", "a");
        Assert.Throws<ArgumentException>(() => registry.Counter("app_a_total", "again"));
        Assert.Throws<ArgumentException>(() => registry.Counter("app_b_total", "b", "__reserved"));
        Assert.Throws<ArgumentException>(() => registry.Counter("app_c_total", "c", "with:colon"));
        Assert.Throws<ArgumentException>(() => registry.Histogram("app_d_seconds", "d", [1, 1]));
        Assert.Throws<ArgumentException>(() => registry.Histogram("app_e_seconds", "e", [1], "le"));
        Assert.Throws<ArgumentOutOfRangeException>(() => registry.Counter("app_f_total", "f").Inc(-1));
    }

    [Fact]
    public async Task Concurrent_updates_are_not_lost()
    {
        var registry = new MetricRegistry();
        var counter = registry.Counter("app_n_total", "n");
        var gauge = registry.Gauge("app_g", "g");
        var histogram = registry.Histogram("app_h_seconds", "h", [0.5]);
        const int PerTask = 20_000;

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < PerTask; i++)
            {
                counter.Inc();
                gauge.Inc();
                histogram.Observe(1);
            }
        }))).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(4 * PerTask, counter.Value);
        Assert.Equal(4 * PerTask, gauge.Value);
        Assert.Equal(4 * PerTask, histogram.Count);
        Assert.Equal(4 * PerTask, histogram.Sum);
    }
}
