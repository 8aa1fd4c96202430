using Npgsql;
using NpgsqlTypes;

namespace AgentChat.Archive.Store;

/// <summary>The insert of one <see cref="AnswerRow"/> into <c>bridge_answers</c>; a second copy of an answer is a no-op.</summary>
internal static class AnswerCommands
{
    private const string InsertAnswer = """
        INSERT INTO bridge_answers (event_id, room_id, sender, agent, thread_id, task_id, answers, model, input_tokens, output_tokens,
                                    cache_read_tokens, cache_creation_tokens, cost_usd, duration_ms, turns, error, ts, sent_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
        ON CONFLICT (event_id) DO NOTHING
        """;

    public static NpgsqlBatchCommand Insert(AnswerRow a)
    {
        var m = a.Message;
        var c = a.Cost;
        return new NpgsqlBatchCommand(InsertAnswer)
        {
            Parameters =
            {
                ArchiveStore.Text(m.EventId), ArchiveStore.Text(m.RoomId), ArchiveStore.Text(m.Sender), ArchiveStore.Text(a.Agent),
                ArchiveStore.Text(m.Thread), ArchiveStore.Text(c.Task), ArchiveStore.Text(c.Answers), ArchiveStore.Text(c.Model),
                Number(c.InputTokens), Number(c.OutputTokens), Number(c.CacheReadTokens), Number(c.CacheCreationTokens),
                new NpgsqlParameter { Value = c.CostUsd is { } usd ? usd : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double },
                Number(c.DurationMs),
                new NpgsqlParameter { Value = c.Turns is { } turns ? turns : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer },
                ArchiveStore.Text(c.Error),
                new NpgsqlParameter<long> { TypedValue = m.Ts },
                ArchiveStore.Time(m.Ts),
            },
        };
    }

    private static NpgsqlParameter Number(long? value) =>
        new() { Value = value is { } n ? n : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint };
}
