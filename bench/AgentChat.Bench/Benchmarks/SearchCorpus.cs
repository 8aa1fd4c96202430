using System.Diagnostics;
using Npgsql;

namespace AgentChat.Bench.Benchmarks;

/// <summary>
/// A synthetic chat corpus written straight into the archive's <c>messages</c> (after the service's migrations):
/// 4-23 words a message, drawn Zipf-like from 5,000 (100 everyday English words first, then <c>termN</c>), so
/// <c>termN</c> is in about 1.1 / N of messages; <c>deploy</c> in 30% of messages (the common word) and
/// <c>kubernetes</c> in one in 2,000 (the selective one). 3 rooms, 20 senders, 4 kinds, a thread every 50, one
/// message a second. Secondary indexes are dropped for the load and rebuilt after it from their own definitions.
/// </summary>
internal static class SearchCorpus
{
    private const string English =
        "the to and a of is in it for on that we this be with i you not are can have will do so at as if but from what now please ok done " +
        "need check see run test fix error log thanks update issue agent task review build answer question file change branch merge status " +
        "time ready new one all up out about after before main first last still just try next plan note the to and a of is in it for on that " +
        "we this be with i you not are can have will do so at as if but from what now please ok done need check see run test fix error log " +
        "thanks update issue agent task review build answer question file change";

    private static readonly string Insert = $"""
        INSERT INTO messages (event_id, room_id, sender, instance, human, kind, text, body, thread_id, ts, sent_at)
        SELECT '$seed' || g, '!room' || (g % 3) || ':localhost', '@agent' || (g % 20) || ':localhost', 'agent' || (g % 20), false,
               (ARRAY['chat','task','question','status'])[1 + g % 4], t.text, t.text,
               CASE WHEN g % 50 <> 0 THEN '$seed' || (g - g % 50) END,
               1764000000000 + g * 1000, to_timestamp((1764000000000 + g * 1000) / 1000.0)
        FROM generate_series($1::bigint, $2::bigint) g
        CROSS JOIN LATERAL (
          SELECT concat_ws(' ', CASE WHEN (g * 2654435761) % 10 < 3 THEN 'deploy' END,
                   string_agg(CASE WHEN k <= 100 THEN (string_to_array('{English}', ' '))[k] ELSE 'term' || k END, ' '),
                   CASE WHEN g % 2000 = 1000 THEN 'kubernetes' END) AS text
          FROM (SELECT floor(exp(random() * ln(5000)))::int AS k FROM generate_series(1, 4 + (g * 7919) % 20) WHERE g > 0) w) t
        """;

    /// <summary>Grows the corpus to <paramref name="size"/> messages; returns the seconds it took.</summary>
    public static async Task<double> GrowAsync(NpgsqlDataSource db, long size, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        var have = Convert.ToInt64(await ArchiveBench.Scalar(db, "SELECT count(*) FROM messages", ct), System.Globalization.CultureInfo.InvariantCulture);
        if (have >= size) return 0;
        var indexes = new List<(string Name, string Definition)>();
        await using (var cmd = db.CreateCommand(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = 'messages' AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct)) indexes.Add((r.GetString(0), r.GetString(1)));
        }
        foreach (var (name, _) in indexes) await ArchiveBench.Exec(db, $"DROP INDEX {name}", ct);
        for (var first = have + 1; first <= size; first += 100_000)
        {
            await using var insert = db.CreateCommand(Insert);
            insert.CommandTimeout = 600;
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = first });
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Math.Min(size, first + 99_999) });
            await insert.ExecuteNonQueryAsync(ct);
        }
        await using (var conn = await db.OpenConnectionAsync(ct))
        {
            await using (var mem = new NpgsqlCommand("SET maintenance_work_mem = '256MB'", conn)) await mem.ExecuteNonQueryAsync(ct);
            foreach (var (_, definition) in indexes)
            {
                await using var create = new NpgsqlCommand(definition, conn) { CommandTimeout = 600 };
                await create.ExecuteNonQueryAsync(ct);
            }
        }
        await ArchiveBench.Exec(db, "VACUUM ANALYZE messages", ct);
        return sw.Elapsed.TotalSeconds;
    }
}
