using AgentChat.Bench.Infra;

namespace AgentChat.Bench.Benchmarks;

/// <summary>
/// 1c. The agent→agent hop of row 1 (A /send → B /read?wait) on a second Synapse whose database is PostgreSQL
/// (scripts/synapse.sh start --postgres, started by run.sh), against the same hop on the run's SQLite Synapse.
/// Samples alternate between the two, so drift hits both alike.
/// </summary>
internal static class PostgresSynapseBench
{
    public static async Task RunAsync(BenchEnvironment env, ResultTable table, CancellationToken ct)
    {
        var file = env.Options.PostgresSynapseEnv
                   ?? throw new InvalidOperationException("no Synapse on PostgreSQL: run.sh starts one (scripts/synapse.sh start --postgres) and passes --pg-synapse-env");
        var values = File.ReadAllLines(file).Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var options = new BenchOptions
        {
            Homeserver = new Uri(values["homeserver"]), Secret = values["secret"], ServerName = values["server_name"],
            SynapsePid = int.Parse(values["pid"], System.Globalization.CultureInfo.InvariantCulture),
            Cchat = env.Options.Cchat, WorkDir = Path.Combine(env.Options.WorkDir, "pg"), Quick = env.Options.Quick, DaemonEnv = env.Options.DaemonEnv,
        };
        await using var pg = await BenchEnvironment.CreateAsync(options, ct);

        var n = env.Options.Reps(120, 20);
        var onSqlite = new List<double>();
        var onPostgres = new List<double>();
        var sqliteCursor = await GatewayCalls.LatestAsync(env.DaemonB.Http, ct);
        var pgCursor = await GatewayCalls.LatestAsync(pg.DaemonB.Http, ct);
        for (var i = 0; i < n + 4; i++) // the first two of each are warm-up
        {
            var warm = i < 4;
            var marker = $"lat-pg-{i}-{Guid.NewGuid():N}";
            if (i % 2 == 0)
            {
                var (total, _, next) = await LatencyBench.GatewayOnceAsync(env, sqliteCursor, marker, ct);
                sqliteCursor = next;
                if (!warm) onSqlite.Add(total);
            }
            else
            {
                var (total, _, next) = await LatencyBench.GatewayOnceAsync(pg, pgCursor, marker, ct);
                pgCursor = next;
                if (!warm) onPostgres.Add(total);
            }
        }

        var p = Stats.Of(onPostgres);
        var s = Stats.Of(onSqlite);
        var ratio = p.P50 / s.P50;
        table.Add(new Row("1c. agent→agent latency, Synapse on PostgreSQL", ResultTable.Ms(p),
            "the same hop, Synapse on SQLite", ResultTable.Ms(s), ResultTable.X(ratio), "— (operator info)", "—"));
        table.Note(ResultTable.F("1c: {0} samples each, alternating; PostgreSQL {1} (Debian's package, a throwaway cluster with fsync off, as scripts/postgres.sh runs it)",
            p.N, values.GetValueOrDefault("database") ?? "?"));
    }
}
