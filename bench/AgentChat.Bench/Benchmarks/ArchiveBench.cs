using System.Diagnostics;
using System.Globalization;
using AgentChat.Archive.Api;
using AgentChat.Archive.Store;
using AgentChat.Bench.Infra;
using AgentChat.History;
using AgentChat.Messages;
using Npgsql;

namespace AgentChat.Bench.Benchmarks;

/// <summary>
/// 9. The archive on a real PostgreSQL (scripts/postgres.sh, started for this bench).
/// (a) Ingest: the archive's write path (cleaning, <c>ON CONFLICT DO NOTHING</c>, the sync token in the same
/// transaction) in batches of 100, against raw multi-statement INSERTs of the same rows into an identical table.
/// (b) Search at 100k messages seeded straight into the table: GET /history's query (rank + ts_headline + rows as
/// JSON objects) against the bare full-text SELECT of event ids, same words, same run.
/// </summary>
internal static class ArchiveBench
{
    private static readonly string[] Words =
        ["deploy", "migration", "staging", "review", "canary", "rollback", "build", "failure", "network", "database", "cache", "latency",
         "question", "answer", "schema", "index", "release", "ticket", "customer", "invoice", "budget", "agent", "thread", "summary"];

    public static async Task RunAsync(BenchEnvironment env, ResultTable table, CancellationToken ct)
    {
        // not under the run's 0700 work dir: the cluster runs as the postgres user, which must reach its data
        var dir = Path.Combine(Path.GetTempPath(), "agentchat-bench-postgres-" + Guid.NewGuid().ToString("N")[..8]);
        var start = await RunAsync("bash", ["scripts/postgres.sh", "start", dir], ct);
        var port = start.Split('\n').Select(l => l.Split('=', 2)).First(p => p[0] == "port")[1].Trim();
        try
        {
            await using var db = ArchiveDatabase.Open($"Host=127.0.0.1;Port={port};Username=agentchat;Database=agentchat");
            await Migrations.ApplyAsync(db, ct);
            await IngestAsync(db, env, table, ct);
            await SearchAsync(db, env, table, ct);
        }
        finally
        {
            await RunAsync("bash", ["scripts/postgres.sh", "destroy", dir], CancellationToken.None);
        }
    }

    private static async Task IngestAsync(NpgsqlDataSource db, BenchEnvironment env, ResultTable table, CancellationToken ct)
    {
        await Exec(db, "CREATE TABLE raw_messages (LIKE messages INCLUDING ALL)", ct);
        var store = new ArchiveStore(db);
        var batches = env.Options.Reps(40, 10);
        var ours = new List<double>();
        var raw = new List<double>();
        for (var b = -1; b < batches; b++)
        {
            var batch = new ArchiveBatch();
            batch.Messages.AddRange(Enumerable.Range(0, 100).Select(i => Message($"ingest-{b}-{i}", i, null)));
            var sw = Stopwatch.StartNew();
            await store.WriteAsync(batch, "@bench:localhost", $"s{b}", null, ct);
            var mine = batch.Messages.Count / sw.Elapsed.TotalSeconds;
            sw.Restart();
            await RawInsertAsync(db, batch.Messages, ct);
            var bare = batch.Messages.Count / sw.Elapsed.TotalSeconds;
            if (b < 0) continue; // warm-up
            ours.Add(mine);
            raw.Add(bare);
        }
        var o = Stats.Of(ours);
        var r = Stats.Of(raw);
        table.Add(new Row("9a. archive ingest, batches of 100 + sync token, one transaction (msgs/s)", ResultTable.Per(o, "msgs/s"),
            "raw INSERTs of the same rows, same table shape, one transaction", ResultTable.Per(r, "msgs/s"), ResultTable.X(o.P50 / r.P50), "≥ 0.5× raw", ResultTable.Met(o.P50 >= 0.5 * r.P50)));
    }

    private static async Task RawInsertAsync(NpgsqlDataSource db, List<ChatMessage> messages, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(conn, tx);
        foreach (var m in messages)
        {
            var c = new NpgsqlBatchCommand("INSERT INTO raw_messages (event_id, room_id, sender, human, kind, text, body, ts, sent_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
            c.Parameters.Add(new NpgsqlParameter<string> { TypedValue = m.EventId });
            c.Parameters.Add(new NpgsqlParameter<string> { TypedValue = m.RoomId });
            c.Parameters.Add(new NpgsqlParameter<string> { TypedValue = m.Sender });
            c.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = m.Human });
            c.Parameters.Add(new NpgsqlParameter<string> { TypedValue = m.Kind });
            c.Parameters.Add(new NpgsqlParameter<string> { TypedValue = m.Text });
            c.Parameters.Add(new NpgsqlParameter<string> { TypedValue = m.Body });
            c.Parameters.Add(new NpgsqlParameter<long> { TypedValue = m.Ts });
            c.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = DateTimeOffset.FromUnixTimeMilliseconds(m.Ts).UtcDateTime });
            batch.BatchCommands.Add(c);
        }
        await batch.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static async Task SearchAsync(NpgsqlDataSource db, BenchEnvironment env, ResultTable table, CancellationToken ct)
    {
        const int target = 100_000;
        var words = string.Join(",", Words.Select(w => $"'{w}'"));
        var seed = Stopwatch.StartNew();
        // Rows straight into the table: 3-12 random words each, 20 senders, 4 kinds, a thread every 50.
        await Exec(db, $"""
            INSERT INTO messages (event_id, room_id, sender, instance, human, kind, text, body, thread_id, ts, sent_at)
            SELECT '$seed' || g, '!bench:localhost', '@agent' || (g % 20) || ':localhost', 'agent' || (g % 20), false,
                   (ARRAY['chat','task','question','status'])[1 + g % 4], t.text, t.text,
                   CASE WHEN g % 50 <> 0 THEN '$seed' || (g - g % 50) END,
                   1764000000000 + g * 1000, to_timestamp((1764000000000 + g * 1000) / 1000.0)
            FROM generate_series(1, {target - 1000}) g,
                 LATERAL (SELECT string_agg((ARRAY[{words}])[1 + floor(random() * {Words.Length})::int], ' ') AS text
                          FROM generate_series(1, 3 + (g % 10)) WHERE g > 0) t
            """, ct);
        await Exec(db, "ANALYZE messages", ct);
        var count = Convert.ToInt64(await Scalar(db, "SELECT count(*) FROM messages", ct), CultureInfo.InvariantCulture);
        table.Note($"9b. seeded {count} messages in {seed.Elapsed.TotalSeconds:0.0} s");

        var search = new HistorySearch(db);
        var queries = new[] { "deploy staging", "canary rollback", "database migration schema", "invoice" };
        var ours = new List<double>();
        var raw = new List<double>();
        var rounds = env.Options.Reps(50, 12);
        for (var i = -2; i < rounds; i++)
        {
            var q = queries[(i + 2) % queries.Length];
            var sw = Stopwatch.StartNew();
            var found = await search.RunAsync(new HistoryQuery { Q = q, Limit = 20 }, ct);
            var mine = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            await Scalar(db, $"SELECT count(*) FROM (SELECT event_id FROM messages, websearch_to_tsquery('english', '{q}') q WHERE search @@ q ORDER BY ts_rank_cd(search, q) DESC LIMIT 20) x", ct);
            var bare = sw.Elapsed.TotalMilliseconds;
            if (i < 0) continue;
            if (found.Messages.Count == 0) throw new InvalidOperationException($"search for '{q}' found nothing in {count} messages");
            ours.Add(mine);
            raw.Add(bare);
        }
        var o = Stats.Of(ours);
        var r = Stats.Of(raw);
        table.Add(new Row($"9b. GET /history?q= search at {count / 1000}k messages, top 20 ranked + snippets (ms)", ResultTable.Ms(o),
            "bare full-text SELECT of the top 20 ids, same words", ResultTable.Ms(r), ResultTable.X(o.P50 / r.P50), "p90 < 200 ms", ResultTable.Met(o.P90 < 200)));

        var filtered = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            var sw = Stopwatch.StartNew();
            await search.RunAsync(new HistoryQuery { Sender = "agent" + (i % 20), Kind = "task", Limit = 50 }, ct);
            await search.RunAsync(new HistoryQuery { Thread = "$seed" + (50 * (1 + i)), Limit = 100 }, ct);
            filtered.Add(sw.Elapsed.TotalMilliseconds / 2);
        }
        table.Note($"9b. sender+kind page and a whole thread at {count / 1000}k messages: {ResultTable.Ms(Stats.Of(filtered))} per query (p50 / p90)");
    }

    private static ChatMessage Message(string id, int i, string? thread) => new()
    {
        EventId = "$" + id,
        RoomId = "!bench:localhost",
        Sender = "@agent" + (i % 20) + ":localhost",
        Instance = "agent" + (i % 20),
        Kind = MessageKind.All[i % 4],
        Text = $"{Words[i % Words.Length]} {Words[(i * 7) % Words.Length]} message number {i} about the {Words[(i * 3) % Words.Length]}",
        Body = $"message number {i}",
        Ts = 1764000000000 + i,
        Thread = thread,
    };

    internal static async Task Exec(NpgsqlDataSource db, string sql, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(sql);
        cmd.CommandTimeout = 600;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    internal static async Task<object?> Scalar(NpgsqlDataSource db, string sql, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(sql);
        return await cmd.ExecuteScalarAsync(ct);
    }

    internal static async Task<string> RunAsync(string file, string[] args, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}: {await stderr}");
        return await stdout;
    }
}
