using System.Globalization;
using System.Text;
using AgentChat.Archive.Store;
using AgentChat.History;
using Npgsql;

namespace AgentChat.Archive.Api;

/// <summary>The SQL of a query's filters (room, sender, kind, thread, from/to) on <c>messages m</c>, as parameters of one command.</summary>
internal sealed class HistoryFilters(NpgsqlCommand cmd)
{
    public string Param(NpgsqlParameter p)
    {
        cmd.Parameters.Add(p);
        return "$" + cmd.Parameters.Count.ToString(CultureInfo.InvariantCulture);
    }

    public string Text(string value) => Param(ArchiveStore.Text(value));

    public void Append(StringBuilder sql, HistoryQuery query)
    {
        if (query.Room is { } room) sql.Append(" AND (m.room_id = ").Append(Text(room)).Append(" OR m.room_alias = $").Append(cmd.Parameters.Count).Append(')');
        if (query.Sender is { } sender) sql.Append(" AND (m.sender = ").Append(Text(sender)).Append(" OR m.instance = $").Append(cmd.Parameters.Count).Append(')');
        if (query.Kind is { } kind) sql.Append(" AND m.kind = ").Append(Text(kind));
        if (query.Thread is { } thread) sql.Append(" AND (m.thread_id = ").Append(Text(thread)).Append(" OR m.event_id = $").Append(cmd.Parameters.Count).Append(')');
        if (query.From is { } from) sql.Append(" AND m.ts >= ").Append(Param(new NpgsqlParameter<long> { TypedValue = from }));
        if (query.To is { } to) sql.Append(" AND m.ts <= ").Append(Param(new NpgsqlParameter<long> { TypedValue = to }));
    }

    /// <summary>Older than the event <paramref name="eventId"/> (or, <paramref name="inclusive"/>, that event and older); nothing when it is unknown.</summary>
    public void AppendBefore(StringBuilder sql, string eventId, bool inclusive = false) =>
        sql.Append(" AND (m.ts, m.event_id) ").Append(inclusive ? "<=" : "<")
           .Append(" (SELECT b.ts, b.event_id FROM messages b WHERE b.event_id = ").Append(Text(eventId)).Append(')');
}
