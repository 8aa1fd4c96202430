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
    }

    /// <summary>alpha asks (answered by beta in 30 s), alpha assigns a task nobody answered (read by beta), a human chats.</summary>
    private static string Conversation(DateTimeOffset now)
    {
        var asked = now.AddMinutes(-30).ToUnixTimeMilliseconds();
        var task = now.AddMinutes(-20).ToUnixTimeMilliseconds();
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
               ]) + ";\n"
               + "INSERT INTO receipts (room_id, event_id, user_id, receipt_type, ts, read_at) VALUES "
               + $"('!room:localhost', '$task', '@beta:localhost', 'm.read', {task + 5_000}, to_timestamp({task + 5_000} / 1000.0));";
    }

    private static string Database(string connectionString) =>
        connectionString.Split(';').Select(p => p.Split('=', 2)).Single(p => p[0] == "Database")[1];
}
