namespace AgentChat.Tests.Metrics;

/// <summary>
/// The archive's schema v1, as the archive branch's <c>Migrations.All[0]</c> has it (AgentChat.Archive/Store/Migrations.cs),
/// so the dashboard's SQL runs against the real tables. Once both are merged, this should give way to
/// <c>Migrations.ApplyAsync</c> so the two cannot drift.
/// </summary>
internal static class ArchiveSchema
{
    public const string V1 = """
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
        """;
}
