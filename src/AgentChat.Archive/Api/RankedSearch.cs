using System.Text;
using AgentChat.History;
using Npgsql;

namespace AgentChat.Archive.Api;

/// <summary>
/// A word search in two bounded steps. (1) The window: the newest <see cref="Window"/> matches (filters and cursor
/// applied) through the index, newest first: PostgreSQL either walks <c>messages_ts_idx</c> backwards testing each row
/// (a common word: about Window / share-of-messages rows) or reads a rare word's few matches from the GIN index and
/// keeps the newest. (2) Only those are ranked (<c>ts_rank_cd</c>), the page is cut from them, and only the page gets
/// snippets. When a query has no more matches than the window, this is the exact best-first order over all of them;
/// with more, it is best-first within the most recent <see cref="Window"/>, and paging goes on to older windows.
/// </summary>
internal static class RankedSearch
{
    /// <summary>Matches ranked per query at most (≥ <see cref="HistoryQuery.MaxLimit"/>, so one page fits a window).</summary>
    public const int Window = 1000;

    private const string Headline = "'StartSel=«, StopSel=», MaxWords=30, MinWords=10'";

    public static async Task<HistoryResponse> RunAsync(NpgsqlDataSource db, HistoryQuery query, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand();
        var skip = Prepare(cmd, query);

        var found = new List<HistoryMessage>();
        long total = 0;
        string? newest = null, oldest = null;
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                found.Add(HistorySearch.Read(reader, words: true));
                total = reader.GetInt64(HistorySearch.ColumnCount + 2); // after rank and snippet
                newest = reader.GetString(HistorySearch.ColumnCount + 3);
                oldest = reader.GetString(HistorySearch.ColumnCount + 4);
            }
        }
        string? next = null;
        if (found.Count > 0 && skip + found.Count < total) next = new SearchCursor(newest!, skip + found.Count).ToString();
        else if (found.Count > 0 && total == Window) next = oldest; // a full window: older matches may follow
        return new HistoryResponse(found, next, "archive");
    }

    /// <summary>Writes the query into <paramref name="cmd"/> (the bench EXPLAINs it); returns how many ranked matches it skips.</summary>
    internal static int Prepare(NpgsqlCommand cmd, HistoryQuery query)
    {
        var f = new HistoryFilters(cmd);
        var words = $"websearch_to_tsquery('english', {f.Text(query.Q!)})";
        var cursor = query.Before is { } b ? SearchCursor.Parse(b) : null;

        var window = new StringBuilder("SELECT m.id, m.ts, m.event_id, m.search FROM messages m WHERE m.search @@ ").Append(words);
        f.Append(window, query);
        if (cursor is not null) f.AppendBefore(window, cursor.Anchor, inclusive: true);
        else if (query.Before is { } before) f.AppendBefore(window, before);
        window.Append(" ORDER BY m.ts DESC, m.event_id DESC LIMIT ").Append(Window);

        var skip = cursor?.Skip ?? 0;
        cmd.CommandText = $"""
            SELECT {HistorySearch.Columns}, p.rank, ts_headline('english', m.text, {words}, {Headline}) AS snippet, p.total, p.newest, p.oldest
            FROM (SELECT w.id, w.ts, w.event_id, ts_rank_cd(w.search, {words}) AS rank, count(*) OVER () AS total,
                         first_value(w.event_id) OVER newest_first AS newest, last_value(w.event_id) OVER newest_first AS oldest
                  FROM ({window}) w
                  WINDOW newest_first AS (ORDER BY w.ts DESC, w.event_id DESC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
                  ORDER BY rank DESC, w.ts DESC, w.event_id DESC OFFSET {skip} LIMIT {query.Limit}) p
            JOIN messages m ON m.id = p.id
            ORDER BY p.rank DESC, p.ts DESC, p.event_id DESC
            """;
        return skip;
    }
}
