using System.Text;
using System.Text.Json;
using AgentChat.History;
using AgentChat.Messages;
using Npgsql;
using NpgsqlTypes;

namespace AgentChat.Archive.Api;

/// <summary>
/// Answers a <see cref="HistoryQuery"/> from the archive. With words: <see cref="RankedSearch"/>. With a thread: its
/// root and replies, oldest first.
/// Otherwise: the newest <c>limit</c> messages before <c>before</c>, oldest first, and <c>next</c> to page further back.
/// </summary>
internal sealed class HistorySearch(NpgsqlDataSource db)
{
    internal const string Columns =
        "m.event_id, m.room_id, m.room_alias, m.sender, m.instance, m.claimed_instance, m.spoofed, m.human, m.kind, m.text, m.body, m.ts, "
        + "m.thread_id, m.reply_to, m.mentions, m.meta::text, "
        + "m.attachment_name, m.attachment_size, m.attachment_mimetype, m.attachment_url, m.attachment_msgtype";

    /// <summary>How many <see cref="Columns"/> there are: a word search's rank and snippet come right after them.</summary>
    internal const int ColumnCount = 21;

    public async Task<HistoryResponse> RunAsync(HistoryQuery query, CancellationToken ct)
    {
        if (query.Q is not null) return await RankedSearch.RunAsync(db, query, ct);

        await using var cmd = db.CreateCommand();
        var f = new HistoryFilters(cmd);
        var sql = new StringBuilder("SELECT ").Append(Columns).Append(" FROM messages m WHERE true");
        f.Append(sql, query);
        if (query.Before is { } before) f.AppendBefore(sql, before);
        var newestFirst = query.Thread is null;
        sql.Append(newestFirst ? " ORDER BY m.ts DESC, m.event_id DESC" : " ORDER BY m.ts, m.event_id");
        sql.Append(" LIMIT ").Append(f.Param(new NpgsqlParameter<int> { TypedValue = query.Limit + 1 }));
        cmd.CommandText = sql.ToString();

        var found = new List<HistoryMessage>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) found.Add(Read(reader, words: false));
        }
        var more = found.Count > query.Limit;
        if (more) found.RemoveAt(found.Count - 1);
        string? next = null;
        if (newestFirst)
        {
            if (more && found.Count > 0) next = found[^1].Message.EventId;
            found.Reverse();
        }
        return new HistoryResponse(found, next, "archive");
    }

    internal static HistoryMessage Read(NpgsqlDataReader r, bool words)
    {
        string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        var message = new ChatMessage
        {
            EventId = r.GetString(0),
            RoomId = r.GetString(1),
            Room = S(2),
            Sender = r.GetString(3),
            Instance = S(4),
            ClaimedInstance = S(5),
            Spoofed = r.GetBoolean(6),
            Human = r.GetBoolean(7),
            Kind = r.GetString(8),
            Text = r.GetString(9),
            Body = r.GetString(10),
            Ts = r.GetInt64(11),
            Thread = S(12),
            ReplyTo = S(13),
            Mentions = r.GetFieldValue<string[]>(14),
            Meta = S(15) is { } meta ? JsonDocument.Parse(meta).RootElement.Clone() : null,
            Attachment = S(20) is { } msgtype
                ? new AgentChat.Attachments.AttachmentInfo
                {
                    Name = S(16) ?? AgentChat.Attachments.FileNames.Fallback, Size = r.IsDBNull(17) ? null : r.GetInt64(17), Mimetype = S(18), Url = S(19), Msgtype = msgtype,
                }
                : null,
        };
        return words ? new HistoryMessage(message, Math.Round(r.GetFloat(ColumnCount), 4), r.GetString(ColumnCount + 1)) : new HistoryMessage(message);
    }
}
