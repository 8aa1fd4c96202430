using AgentChat.Messages;
using Npgsql;
using NpgsqlTypes;

namespace AgentChat.Archive.Store;

/// <summary>
/// Writes what the archive reads to PostgreSQL: each event once (its id is unique, a second copy is a no-op),
/// a batch and the sync token that follows it in one transaction, so a crash between the two never loses or repeats anything.
/// </summary>
internal sealed class ArchiveStore(NpgsqlDataSource db)
{
    private const string InsertMessage = """
        INSERT INTO messages (event_id, room_id, room_alias, sender, instance, claimed_instance, spoofed, human, kind, text, body,
                              thread_id, reply_to, mentions, meta, ts, sent_at,
                              attachment_name, attachment_size, attachment_mimetype, attachment_url, attachment_msgtype)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
        ON CONFLICT (event_id) DO NOTHING
        """;

    private const string InsertRegistry = """
        INSERT INTO registry_events (event_id, room_id, type, state_key, sender, instance, status, kind, content, ts, changed_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        ON CONFLICT (event_id) DO NOTHING
        """;

    private const string InsertReceipt = """
        INSERT INTO receipts (room_id, event_id, user_id, receipt_type, thread_id, ts, read_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT DO NOTHING
        """;

    private const string SaveToken = """
        INSERT INTO sync_state (account, next_batch, updated_at) VALUES ($1, $2, now())
        ON CONFLICT (account) DO UPDATE SET next_batch = excluded.next_batch, updated_at = excluded.updated_at
        """;

    public NpgsqlDataSource DataSource => db;

    public async Task<string?> LoadTokenAsync(string account, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT next_batch FROM sync_state WHERE account = $1");
        cmd.Parameters.Add(Text(account));
        return await cmd.ExecuteScalarAsync(ct) as string;
    }

    /// <summary>Which of <paramref name="eventIds"/> are archived already (as messages or registry changes).</summary>
    public async Task<HashSet<string>> KnownAsync(IReadOnlyCollection<string> eventIds, CancellationToken ct)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        if (eventIds.Count == 0) return known;
        await using var cmd = db.CreateCommand(
            "SELECT event_id FROM messages WHERE event_id = ANY($1) UNION SELECT event_id FROM registry_events WHERE event_id = ANY($1)");
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. eventIds.Select(PgText.Clean)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) known.Add(reader.GetString(0));
        return known;
    }

    /// <summary>
    /// Writes <paramref name="batch"/> and, when given, the token to resume after it, in one transaction.
    /// A row PostgreSQL refuses (<paramref name="refused"/> hears of it) is left out and the rest go in.
    /// </summary>
    public async Task<WriteResult> WriteAsync(ArchiveBatch batch, string account, string? nextBatch, Action<string, Exception>? refused, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        try
        {
            return await WriteOnceAsync(conn, batch, account, nextBatch, perRow: false, refused, ct);
        }
        catch (PostgresException e) when (IsRowProblem(e))
        {
            // one stranger's row must not hold the others back: again, row by row, each under a savepoint
            return await WriteOnceAsync(conn, batch, account, nextBatch, perRow: true, refused, ct);
        }
    }

    private static async Task<WriteResult> WriteOnceAsync(
        NpgsqlConnection conn, ArchiveBatch batch, string account, string? nextBatch, bool perRow, Action<string, Exception>? refused, CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        var rows = new List<(string Id, int Table, NpgsqlBatchCommand Command)>();
        rows.AddRange(batch.Messages.Select(m => (m.EventId, 0, MessageCommand(m))));
        rows.AddRange(batch.Registry.Select(r => (r.EventId, 1, RegistryCommand(r))));
        rows.AddRange(batch.Receipts.Select(r => (r.EventId, 2, ReceiptCommand(r))));
        var firstAnswer = rows.Count;
        rows.AddRange(batch.Answers.Select(a => (a.Message.EventId, 3, AnswerCommands.Insert(a))));
        var counts = new int[4];
        var inserted = new bool[rows.Count];
        if (!perRow)
        {
            await using var all = new NpgsqlBatch(conn, tx);
            foreach (var row in rows) all.BatchCommands.Add(row.Command);
            if (all.BatchCommands.Count > 0) await all.ExecuteNonQueryAsync(ct);
            for (var i = 0; i < rows.Count; i++) inserted[i] = rows[i].Command.RecordsAffected > 0;
        }
        else
        {
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                await tx.SaveAsync("row", ct);
                await using var one = new NpgsqlBatch(conn, tx) { BatchCommands = { Clone(row.Command) } };
                try
                {
                    inserted[i] = await one.ExecuteNonQueryAsync(ct) > 0;
                    await tx.ReleaseAsync("row", ct);
                }
                catch (PostgresException e) when (IsRowProblem(e))
                {
                    await tx.RollbackAsync("row", ct);
                    refused?.Invoke(row.Id, e);
                }
            }
        }
        if (nextBatch is not null)
        {
            await using var save = new NpgsqlCommand(SaveToken, conn, tx);
            save.Parameters.Add(Text(account));
            save.Parameters.Add(Text(nextBatch));
            await save.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        for (var i = 0; i < rows.Count; i++) counts[rows[i].Table] += inserted[i] ? 1 : 0;
        var answers = batch.Answers.Where((_, i) => inserted[firstAnswer + i]).ToList();
        return new WriteResult(counts[0], counts[1], counts[2], answers);
    }

    /// <summary>Refused for what the row holds (data exceptions, integrity, program limits), not for the server's state.</summary>
    private static bool IsRowProblem(PostgresException e) => e.SqlState is ['2', '2', ..] or ['2', '3', ..] or ['5', '4', ..];

    private static NpgsqlBatchCommand Clone(NpgsqlBatchCommand c)
    {
        var copy = new NpgsqlBatchCommand(c.CommandText);
        foreach (NpgsqlParameter p in c.Parameters) copy.Parameters.Add(p.Clone());
        return copy;
    }

    internal static NpgsqlBatchCommand MessageCommand(ChatMessage m) => new(InsertMessage)
    {
        Parameters =
        {
            Text(m.EventId), Text(m.RoomId), Text(m.Room), Text(m.Sender), Text(m.Instance), Text(m.ClaimedInstance),
            new NpgsqlParameter<bool> { TypedValue = m.Spoofed }, new NpgsqlParameter<bool> { TypedValue = m.Human },
            Text(m.Kind), Text(m.Text), Text(m.Body), Text(m.Thread), Text(m.ReplyTo),
            new NpgsqlParameter<string[]> { TypedValue = [.. m.Mentions.Select(PgText.Clean)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
            Jsonb(m.Meta is { } meta ? PgText.Json(meta) : null),
            new NpgsqlParameter<long> { TypedValue = m.Ts },
            Time(m.Ts),
            Text(m.Attachment?.Name),
            new NpgsqlParameter { Value = m.Attachment?.Size is { } size ? size : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint },
            Text(m.Attachment?.Mimetype), Text(m.Attachment?.Url), Text(m.Attachment?.Msgtype),
        },
    };

    private static NpgsqlBatchCommand RegistryCommand(RegistryRow r) => new(InsertRegistry)
    {
        Parameters =
        {
            Text(r.EventId), Text(r.RoomId), Text(r.Type), Text(r.StateKey), Text(r.Sender), Text(r.Instance), Text(r.Status), Text(r.Kind),
            Jsonb(r.ContentJson), new NpgsqlParameter<long> { TypedValue = r.Ts }, Time(r.Ts),
        },
    };

    private static NpgsqlBatchCommand ReceiptCommand(ReceiptRow r) => new(InsertReceipt)
    {
        Parameters =
        {
            Text(r.RoomId), Text(r.EventId), Text(r.UserId), Text(r.ReceiptType), Text(r.ThreadId),
            new NpgsqlParameter<long> { TypedValue = r.Ts }, Time(r.Ts),
        },
    };

    internal static NpgsqlParameter Text(string? value) =>
        new() { Value = value is null ? DBNull.Value : PgText.Clean(value), NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Jsonb(string? json) =>
        new() { Value = json is null ? DBNull.Value : json, NpgsqlDbType = NpgsqlDbType.Jsonb };

    internal static NpgsqlParameter Time(long ms) =>
        new NpgsqlParameter<DateTime> { TypedValue = PgText.Time(ms), NpgsqlDbType = NpgsqlDbType.TimestampTz };
}
