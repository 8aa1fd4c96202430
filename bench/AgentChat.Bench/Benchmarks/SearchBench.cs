using System.Diagnostics;
using System.Globalization;
using AgentChat.Archive.Api;
using AgentChat.Archive.Store;
using AgentChat.Bench.Infra;
using AgentChat.History;
using Npgsql;

namespace AgentChat.Bench.Benchmarks;

/// <summary>
/// 10. Search speed at growing sizes (<c>--search-sizes</c>, default 15000,100000) on a real PostgreSQL: the archive's
/// word search (<see cref="RankedSearch"/>: rank the newest matches only) against the previous plan (rank every match,
/// verbatim below) on the same data in the same run, for a selective, a middling and a common word. Needs no homeserver.
/// </summary>
internal static class SearchBench
{
    private static readonly (string Kind, string Q)[] Words = [("selective", "kubernetes"), ("middling", "term150"), ("common", "deploy")];

    /// <summary>The word search as it was before schema 3 (HistorySearch, words, no filters): every match ranked.</summary>
    private const string PreviousPlan =
        $"SELECT {HistorySearch.Columns}, ts_rank_cd(m.search, q.query) AS rank, "
        + "ts_headline('english', m.text, q.query, 'StartSel=«, StopSel=», MaxWords=30, MinWords=10') AS snippet "
        + "FROM messages m, websearch_to_tsquery('english', $1) q(query) WHERE m.search @@ q.query "
        + "ORDER BY rank DESC, m.ts DESC, m.event_id DESC LIMIT $2";

    public static Task RunAsync(BenchEnvironment env, ResultTable table, CancellationToken ct) =>
        RunAsync(env.Options.SearchSizes, env.Options.Quick, env.Options.WorkDir, table, ct);

    public static async Task RunAsync(IReadOnlyList<long> sizes, bool quick, string workDir, ResultTable table, CancellationToken ct)
    {
        var dir = Path.Combine(Path.GetTempPath(), "agentchat-bench-search-" + Guid.NewGuid().ToString("N")[..8]);
        var start = await ArchiveBench.RunAsync("bash", ["scripts/postgres.sh", "start", dir], ct);
        var port = start.Split('\n').Select(l => l.Split('=', 2)).First(p => p[0] == "port")[1].Trim();
        var plans = Path.Combine(workDir, "search-plans.txt");
        Directory.CreateDirectory(workDir);
        try
        {
            await using var db = ArchiveDatabase.Open($"Host=127.0.0.1;Port={port};Username=agentchat;Database=agentchat");
            await Migrations.ApplyAsync(db, ct);
            foreach (var size in sizes.Order())
            {
                var seconds = await SearchCorpus.GrowAsync(db, size, ct);
                table.Note(ResultTable.F("10. {0:N0} messages seeded in {1:0} s; load average {2} (uptime)", size, seconds, Load()));
                foreach (var (kind, q) in Words)
                    await MeasureAsync(db, size, kind, q, quick, plans, table, ct);
            }
            table.Note($"10. EXPLAIN (ANALYZE, BUFFERS) of every search: {plans}");
        }
        finally
        {
            await ArchiveBench.RunAsync("bash", ["scripts/postgres.sh", "destroy", dir], CancellationToken.None);
        }
    }

    private static async Task MeasureAsync(NpgsqlDataSource db, long size, string kind, string q, bool quick, string plans, ResultTable table, CancellationToken ct)
    {
        var search = new HistorySearch(db);
        var query = new HistoryQuery { Q = q, Limit = 20 };
        await using (var count = db.CreateCommand("SELECT count(*) FROM messages WHERE search @@ websearch_to_tsquery('english', $1)"))
        {
            count.Parameters.Add(new NpgsqlParameter<string> { TypedValue = q });
            var matches = Convert.ToInt64(await count.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            await using var explain = db.CreateCommand();
            RankedSearch.Prepare(explain, query);
            explain.CommandText = "EXPLAIN (ANALYZE, BUFFERS) " + explain.CommandText;
            var plan = new List<string>();
            await using (var r = await explain.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct)) plan.Add(r.GetString(0));
            await File.AppendAllTextAsync(plans, $"== {size} messages, {kind} '{q}' ({matches} matches)\n{string.Join('\n', plan)}\n\n", ct);
            table.Note(ResultTable.F("10. {0:N0} messages, '{1}': {2:N0} matches; window read by {3}", size, q, matches,
                plan.Any(l => l.Contains("Index Scan Backward", StringComparison.Ordinal)) ? "walking messages_ts_idx back" : "the GIN index"));
        }

        var ours = new List<double>();
        var before = new List<double>();
        var rounds = quick ? 12 : 40;
        var previousBudget = TimeSpan.FromSeconds(quick ? 20 : 60); // the old plan at 1M is seconds a query: fewer samples
        var previousSpent = TimeSpan.Zero;
        for (var i = -2; i < rounds; i++)
        {
            var sw = Stopwatch.StartNew();
            var found = await search.RunAsync(query, ct);
            var mine = sw.Elapsed.TotalMilliseconds;
            if (found.Messages.Count == 0) throw new InvalidOperationException($"search for '{q}' found nothing at {size} messages");
            if (i >= 0) ours.Add(mine);
            if (i >= 0 && before.Count >= 5 && previousSpent > previousBudget) continue;
            sw.Restart();
            await using (var old = db.CreateCommand(PreviousPlan))
            {
                old.CommandTimeout = 300;
                old.Parameters.Add(new NpgsqlParameter<string> { TypedValue = q });
                old.Parameters.Add(new NpgsqlParameter<int> { TypedValue = query.Limit + 1 });
                await using var r = await old.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct)) HistorySearch.Read(r, words: true);
            }
            previousSpent += sw.Elapsed;
            if (i >= 0) before.Add(sw.Elapsed.TotalMilliseconds);
        }
        var o = Stats.Of(ours);
        var b = Stats.Of(before);
        var (target, met) = (size, kind) switch
        {
            (100_000, "selective") => ("p50 < 10 ms", ResultTable.Met(o.P50 < 10)),
            (100_000, "common") => ("p50 < 50 ms", ResultTable.Met(o.P50 < 50)),
            _ => ("—", "—"),
        };
        table.Add(new Row(ResultTable.F("10. search at {0:N0} messages, {1} '{2}', top 20 + snippets (p50 / p90 / p95)", size, kind, q), P(o),
            "previous plan (every match ranked), same data", P(b), ResultTable.X(o.P50 / b.P50), target, met));
    }

    private static string P(Stats s) => s.N == 0 ? "—" : ResultTable.F("{0:0.0} / {1:0.0} / {2:0.0} ms (n={3})", s.P50, s.P90, s.P95, s.N);

    private static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[..3] is var l ? string.Join(' ', l) : "?";
}
