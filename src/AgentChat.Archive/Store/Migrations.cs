using Npgsql;

namespace AgentChat.Archive.Store;

/// <summary>
/// The archive's schema, versioned in code: each entry runs once, in order, in its own transaction, and
/// records its number in <c>schema_version</c>. Names are a contract (the Grafana dashboard queries them):
/// add columns and tables in new versions; never rename or drop in place.
/// </summary>
internal static class Migrations
{
    /// <summary>Taken for the whole migration run, so two archives starting at once do not both migrate.</summary>
    private const long AdvisoryLock = 0x4167_6e74_4368_6174; // "AgntChat"

    public static readonly IReadOnlyList<(int Version, string Sql)> All =
    [
        (1, """
            CREATE TABLE messages (
                id               bigserial PRIMARY KEY,
                event_id         text        NOT NULL UNIQUE,
                room_id          text        NOT NULL,
                room_alias       text,
                sender           text        NOT NULL,
                instance         text,
                claimed_instance text,
                spoofed          boolean     NOT NULL DEFAULT false,
                human            boolean     NOT NULL,
                kind             text        NOT NULL,
                text             text        NOT NULL,
                body             text        NOT NULL,
                thread_id        text,
                reply_to         text,
                mentions         text[]      NOT NULL DEFAULT '{}',
                meta             jsonb,
                ts               bigint      NOT NULL,
                sent_at          timestamptz NOT NULL,
                archived_at      timestamptz NOT NULL DEFAULT now(),
                search           tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, text)) STORED
            );
            CREATE INDEX messages_search_idx ON messages USING gin (search);
            CREATE INDEX messages_room_ts_idx ON messages (room_id, ts, event_id);
            CREATE INDEX messages_ts_idx ON messages (ts, event_id);
            CREATE INDEX messages_sender_ts_idx ON messages (sender, ts);
            CREATE INDEX messages_instance_ts_idx ON messages (instance, ts);
            CREATE INDEX messages_thread_ts_idx ON messages (thread_id, ts) WHERE thread_id IS NOT NULL;
            CREATE INDEX messages_reply_idx ON messages (reply_to) WHERE reply_to IS NOT NULL;
            CREATE INDEX messages_kind_ts_idx ON messages (kind, ts);

            -- Every registry entry and humans-setting change, as state events (event id unique).
            CREATE TABLE registry_events (
                event_id   text        PRIMARY KEY,
                room_id    text        NOT NULL,
                type       text        NOT NULL,
                state_key  text        NOT NULL,
                sender     text        NOT NULL,
                instance   text,
                status     text,
                kind       text,
                content    jsonb,
                ts         bigint      NOT NULL,
                changed_at timestamptz NOT NULL,
                archived_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX registry_events_key_ts_idx ON registry_events (state_key, ts);

            -- Read receipts: who had read up to which event, when (answer and read times).
            CREATE TABLE receipts (
                room_id      text        NOT NULL,
                event_id     text        NOT NULL,
                user_id      text        NOT NULL,
                receipt_type text        NOT NULL,
                thread_id    text,
                ts           bigint      NOT NULL,
                read_at      timestamptz NOT NULL,
                archived_at  timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (room_id, user_id, receipt_type, event_id)
            );
            CREATE INDEX receipts_event_idx ON receipts (event_id);

            -- Where the archive's /sync resumes, per archiving account; written in the same transaction as the batch it follows.
            CREATE TABLE sync_state (
                account    text        PRIMARY KEY,
                next_batch text        NOT NULL,
                updated_at timestamptz NOT NULL DEFAULT now()
            );
            """),
        (2, """
            -- What each bridge answer said it cost (meta.bridge, docs/bridge.md): per agent, thread and task. Only answers
            -- from registered agents under their own name; a figure that was missing or implausible is NULL.
            CREATE TABLE bridge_answers (
                event_id              text             PRIMARY KEY REFERENCES messages (event_id),
                room_id               text             NOT NULL,
                sender                text             NOT NULL,
                agent                 text             NOT NULL,
                thread_id             text,
                task_id               text,
                answers               text             NOT NULL,
                model                 text,
                input_tokens          bigint,
                output_tokens         bigint,
                cache_read_tokens     bigint,
                cache_creation_tokens bigint,
                cost_usd              double precision,
                duration_ms           bigint,
                turns                 integer,
                error                 text,
                ts                    bigint           NOT NULL,
                sent_at               timestamptz      NOT NULL
            );
            CREATE INDEX bridge_answers_agent_ts_idx ON bridge_answers (agent, ts);
            CREATE INDEX bridge_answers_thread_idx ON bridge_answers (thread_id) WHERE thread_id IS NOT NULL;
            CREATE INDEX bridge_answers_task_idx ON bridge_answers (task_id) WHERE task_id IS NOT NULL;
            CREATE INDEX bridge_answers_ts_idx ON bridge_answers (ts);
            """),
        (3, """
            -- Search (docs/archive.md): the planner picks between walking messages_ts_idx backwards and reading the GIN
            -- index by each word's estimated share of messages. Track 10,000 lexemes rather than 1,000 so a chat's long
            -- tail of words is estimated from its own frequency, and gather the statistics now rather than at autovacuum.
            ALTER TABLE messages ALTER COLUMN search SET STATISTICS 1000;
            ANALYZE messages;
            """),
        (4, """
            -- The file an m.file/m.image message carries (docs/attachments.md), as the reader checked it: a name safe to
            -- show, a size and mimetype only when plausible, an mxc:// url only when well-formed. The bytes stay in the
            -- homeserver's media repository.
            ALTER TABLE messages
                ADD COLUMN attachment_name     text,
                ADD COLUMN attachment_size     bigint,
                ADD COLUMN attachment_mimetype text,
                ADD COLUMN attachment_url      text,
                ADD COLUMN attachment_msgtype  text;
            CREATE INDEX messages_attachment_ts_idx ON messages (ts, event_id) WHERE attachment_msgtype IS NOT NULL;
            """),
    ];

    public static int Latest => All[^1].Version;

    /// <summary>Brings the database to <see cref="Latest"/>; returns how many versions it applied.</summary>
    public static async Task<int> ApplyAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using (var setup = new NpgsqlCommand(
            "CREATE TABLE IF NOT EXISTS schema_version (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", conn))
        {
            await setup.ExecuteNonQueryAsync(ct);
        }
        await using (var lockCmd = new NpgsqlCommand($"SELECT pg_advisory_lock({AdvisoryLock})", conn)) await lockCmd.ExecuteNonQueryAsync(ct);
        try
        {
            int current;
            await using (var get = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM schema_version", conn))
                current = Convert.ToInt32(await get.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
            if (current > Latest)
                throw new ArchiveStoreException($"the database is at schema version {current}, newer than this cchat knows ({Latest}): upgrade cchat");
            var applied = 0;
            foreach (var (version, sql) in All.Where(m => m.Version > current))
            {
                await using var tx = await conn.BeginTransactionAsync(ct);
                await using (var cmd = new NpgsqlCommand(sql, conn, tx)) await cmd.ExecuteNonQueryAsync(ct);
                await using (var mark = new NpgsqlCommand("INSERT INTO schema_version (version) VALUES ($1)", conn, tx))
                {
                    mark.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
                    await mark.ExecuteNonQueryAsync(ct);
                }
                await tx.CommitAsync(ct);
                applied++;
            }
            return applied;
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({AdvisoryLock})", conn);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
