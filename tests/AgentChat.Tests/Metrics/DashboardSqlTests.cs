using System.Globalization;
using AgentChat.Archive.Store;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Metrics;

/// <summary>
/// Grafana cannot be installed here, so the dashboard is checked by what it asks: every SQL panel runs on a real
/// PostgreSQL holding the archive's schema (its own migrations) and a small conversation whose answers are known.
/// </summary>
public sealed class DashboardSqlTests
{
    [Fact]
    public void Every_panel_query_names_a_provisioned_data_source()
    {
        var queries = DashboardQueries.All();
        Assert.Contains(queries, q => q.DataSourceUid == DashboardQueries.PostgresUid);
        Assert.Contains(queries, q => q.DataSourceUid == DashboardQueries.PrometheusUid);
        Assert.All(queries, q =>
        {
            Assert.True(q.DataSourceUid is DashboardQueries.PostgresUid or DashboardQueries.PrometheusUid, $"{q.Panel}/{q.RefId}: data source {q.DataSourceUid}");
            Assert.False(string.IsNullOrWhiteSpace(q.Text), $"{q.Panel}/{q.RefId} has no query");
        });
        var provisioning = File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "grafana", "provisioning", "datasources", "agentchat.yaml"));
        Assert.Contains($"uid: {DashboardQueries.PostgresUid}", provisioning, StringComparison.Ordinal);
        Assert.Contains($"uid: {DashboardQueries.PrometheusUid}", provisioning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_sql_panel_runs_on_the_archive_schema_and_finds_the_unanswered_question()
    {
        var postgres = await PostgresServer.GetAsync();
        var connectionString = await postgres.CreateDatabaseAsync("dash");
        var database = Database(connectionString);
        await using (var db = ArchiveDatabase.Open(connectionString))
            Assert.Equal(Migrations.Latest, await Migrations.ApplyAsync(db, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1)));
        var now = DateTimeOffset.UtcNow;
        await postgres.PsqlAsync(Conversation(now), database);

        var sqlQueries = DashboardQueries.All().Where(q => q.DataSourceUid == DashboardQueries.PostgresUid).ToList();
        Assert.True(sqlQueries.Count >= 5, $"expected the SQL panels, found {sqlQueries.Count}");
        var results = new Dictionary<string, string>();
        foreach (var q in sqlQueries)
        {
            var sql = DashboardQueries.ExpandSql(q.Text, now.AddHours(-6), now.AddMinutes(1));
            Assert.DoesNotContain("$", sql, StringComparison.Ordinal);
            string output;
            try
            {
                output = await postgres.PsqlAsync(sql, database);
            }
            catch (InvalidOperationException e)
            {
                throw new Xunit.Sdk.XunitException($"panel '{q.Panel}' ({q.RefId}) fails on PostgreSQL: {e.Message}\n{sql}");
            }
            results[q.Panel] = output;
        }

        // One question and one task were asked; the question was answered after 30 s, the task never (20 min ago).
        Assert.Equal("1", results["Unanswered questions and tasks"]);
        var unanswered = Assert.Single(results["Unanswered (oldest first)"].Split('\n'));
        Assert.Contains("|alpha|task|@beta:localhost|deploy the fix|#aichat:localhost|20|1|$task", unanswered, StringComparison.Ordinal);
        var answerRow = Assert.Single(results["Answer time (questions and tasks)"].Split('\n'));
        Assert.EndsWith("|30|30|30", answerRow, StringComparison.Ordinal);
        Assert.Contains("alpha|question|1|1|30.0|30.0", results["Answer time per kind and asker"], StringComparison.Ordinal);
        Assert.Contains("alpha|f|1|1|0|1|3", results["Volume per agent and kind"], StringComparison.Ordinal);
        Assert.Contains("@human:localhost|t|0|0|0|1|1", results["Volume per agent and kind"], StringComparison.Ordinal);
        Assert.Contains("|beta · chat|1", results["Messages per agent and kind"], StringComparison.Ordinal);

        // The bridge answered carol twice in her thread, for alpha's task: once for $0.05, once failing after $0.01.
        Assert.Equal("$task|deploy the fix|claude|2|1|1010|200|300|0.0600", results["Cost per task (archive)"]);
        Assert.Equal("$ask-bridge|summarise please|claude|2|1|1210|0.0600", results["Cost per thread (archive)"]);
        var perAgent = Assert.Single(results["Cost per agent (archive, USD)"].Split('\n')).Split('|');
        Assert.Equal("claude", perAgent[1]);
        Assert.Equal(0.06, double.Parse(perAgent[2], CultureInfo.InvariantCulture), 9);
    }

    /// <summary>alpha asks (answered by beta in 30 s), alpha assigns a task nobody answered (read by beta), a human chats, a bridge answers carol.</summary>
    private static string Conversation(DateTimeOffset now)
    {
        var asked = now.AddMinutes(-30).ToUnixTimeMilliseconds();
        var task = now.AddMinutes(-20).ToUnixTimeMilliseconds();
        var bridge = now.AddMinutes(-10).ToUnixTimeMilliseconds() / 60_000 * 60_000 + 1_000; // both answers in one minute
        string Row(string id, string sender, string? instance, bool human, string kind, string text, long ts, string? reply = null, string? thread = null) =>
            $"('{id}', '!room:localhost', '#aichat:localhost', '{sender}', {(instance is null ? "NULL" : $"'{instance}'")}, {(human ? "true" : "false")}, "
            + $"'{kind}', '{text}', '{text}', {(thread is null ? "NULL" : $"'{thread}'")}, {(reply is null ? "NULL" : $"'{reply}'")}, "
            + $"ARRAY['@beta:localhost'], '{{\"v\": 1}}'::jsonb, {ts.ToString(CultureInfo.InvariantCulture)}, to_timestamp({ts.ToString(CultureInfo.InvariantCulture)} / 1000.0))";
        return "INSERT INTO messages (event_id, room_id, room_alias, sender, instance, human, kind, text, body, thread_id, reply_to, mentions, meta, ts, sent_at) VALUES "
               + string.Join(",\n", [
                   Row("$question", "@alpha:localhost", "alpha", false, "question", "which test is flaky?", asked),
                   Row("$own-followup", "@alpha:localhost", "alpha", false, "chat", "anyone?", asked + 10_000, thread: "$question"),
                   Row("$answer", "@beta:localhost", "beta", false, "chat", "the network one", asked + 30_000, reply: "$question"),
                   Row("$task", "@alpha:localhost", "alpha", false, "task", "deploy the fix", task),
                   Row("$hello", "@human:localhost", null, true, "chat", "hello agents", task + 1_000),
                   Row("$ask-bridge", "@carol:localhost", null, true, "chat", "summarise please", bridge),
                   Row("$bridge-1", "@claude:localhost", "claude", false, "chat", "the summary", bridge + 3_000, thread: "$ask-bridge"),
                   Row("$bridge-2", "@claude:localhost", "claude", false, "chat", "could not answer", bridge + 4_000, thread: "$ask-bridge"),
               ]) + ";\n"
               + "INSERT INTO bridge_answers (event_id, room_id, sender, agent, thread_id, task_id, answers, input_tokens, output_tokens, "
               + "cache_read_tokens, cost_usd, duration_ms, error, ts, sent_at) VALUES "
               + $"('$bridge-1', '!room:localhost', '@claude:localhost', 'claude', '$ask-bridge', '$task', '$ask-bridge', 1000, 200, 300, 0.05, 3000, NULL, {bridge + 3_000}, to_timestamp({bridge + 3_000} / 1000.0)),"
               + $"('$bridge-2', '!room:localhost', '@claude:localhost', 'claude', '$ask-bridge', '$task', '$ask-bridge', 10, NULL, NULL, 0.01, 600000, 'timeout', {bridge + 4_000}, to_timestamp({bridge + 4_000} / 1000.0));\n"
               + "INSERT INTO receipts (room_id, event_id, user_id, receipt_type, ts, read_at) VALUES "
               + $"('!room:localhost', '$task', '@beta:localhost', 'm.read', {task + 5_000}, to_timestamp({task + 5_000} / 1000.0));";
    }

    private static string Database(string connectionString) =>
        connectionString.Split(';').Select(p => p.Split('=', 2)).Single(p => p[0] == "Database")[1];
}
