using System.Globalization;
using System.Text;
using AgentChat.Accounting;
using AgentChat.Archive.Store;
using Npgsql;

namespace AgentChat.Archive.Costs;

/// <summary>Sums <c>bridge_answers</c> per agent, thread or task for a <see cref="CostQuery"/>.</summary>
internal sealed class CostSearch(NpgsqlDataSource db)
{
    public async Task<CostsResponse> RunAsync(CostQuery query, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand();
        string Param(NpgsqlParameter p)
        {
            cmd.Parameters.Add(p);
            return "$" + cmd.Parameters.Count.ToString(CultureInfo.InvariantCulture);
        }

        var key = query.Column;
        var sql = new StringBuilder($"""
            SELECT {key}, count(*), count(*) FILTER (WHERE error IS NOT NULL),
                   coalesce(sum(input_tokens), 0)::bigint, coalesce(sum(output_tokens), 0)::bigint,
                   coalesce(sum(cache_read_tokens), 0)::bigint, coalesce(sum(cache_creation_tokens), 0)::bigint,
                   coalesce(sum(cost_usd), 0)::double precision, coalesce(sum(duration_ms), 0)::bigint,
                   count(*) FILTER (WHERE cost_usd IS NULL), min(ts), max(ts)
            FROM bridge_answers WHERE {key} IS NOT NULL
            """);
        if (query.Agent is { } agent) sql.Append(" AND agent = ").Append(Param(ArchiveStore.Text(agent)));
        if (query.Thread is { } thread) sql.Append(" AND thread_id = ").Append(Param(ArchiveStore.Text(thread)));
        if (query.Task is { } task) sql.Append(" AND task_id = ").Append(Param(ArchiveStore.Text(task)));
        if (query.From is { } from) sql.Append(" AND ts >= ").Append(Param(new NpgsqlParameter<long> { TypedValue = from }));
        if (query.To is { } to) sql.Append(" AND ts <= ").Append(Param(new NpgsqlParameter<long> { TypedValue = to }));
        sql.Append($" GROUP BY {key} ORDER BY 8 DESC, 2 DESC, 1 LIMIT ").Append(Param(new NpgsqlParameter<int> { TypedValue = query.Limit }));
        cmd.CommandText = sql.ToString();

        var rows = new List<CostRow>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var totals = new CostTotals
            {
                Answers = (int)r.GetInt64(1),
                Failures = (int)r.GetInt64(2),
                InputTokens = r.GetInt64(3),
                OutputTokens = r.GetInt64(4),
                CacheReadTokens = r.GetInt64(5),
                CacheCreationTokens = r.GetInt64(6),
                CostUsd = r.GetDouble(7),
                DurationMs = r.GetInt64(8),
                WithoutCost = (int)r.GetInt64(9),
            };
            rows.Add(new CostRow(r.GetString(0), totals, r.GetInt64(10), r.GetInt64(11)));
        }
        return new CostsResponse(query.By, rows);
    }
}
