using System.Globalization;
using AgentChat.Messages;
using AgentChat.Verbs;

namespace AgentChat.History;

/// <summary>
/// One history question, with the rules both answers follow (the archive's SQL and the Matrix fallback):
/// <c>q</c> words (all must occur), <c>room</c> (id or alias), <c>sender</c> (Matrix id or instance name), <c>kind</c>,
/// <c>thread</c> (its root and replies, in order), <c>from</c>/<c>to</c> (ms or ISO 8601), <c>limit</c>, <c>before</c> (an event id: older than it).
/// </summary>
public sealed record HistoryQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    /// <summary>Longer word queries are refused: PostgreSQL rejects a search word over 2,047 bytes, and no real search needs more.</summary>
    public const int MaxQueryLength = 1000;

    public string? Q { get; init; }
    public string? Room { get; init; }
    public string? Sender { get; init; }
    public string? Kind { get; init; }
    public string? Thread { get; init; }
    public long? From { get; init; }
    public long? To { get; init; }
    public int Limit { get; init; } = DefaultLimit;
    public string? Before { get; init; }

    /// <summary>Reads the query string's values; a bad one is a 400 <c>bad_query</c> naming it.</summary>
    public static HistoryQuery Parse(Func<string, string?> get)
    {
        var kind = Blank(get("kind"));
        if (kind is not null && !MessageKind.IsValid(kind))
            throw VerbException.BadRequest("bad_query", $"kind must be one of {string.Join(", ", MessageKind.All)}, not '{kind}'");
        var limit = DefaultLimit;
        if (Blank(get("limit")) is { } l && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
            throw VerbException.BadRequest("bad_query", $"limit must be a number from 1 to {MaxLimit}, not '{l}'");
        var q = Blank(get("q"));
        if (q is { Length: > MaxQueryLength })
            throw VerbException.BadRequest("bad_query", $"q is {q.Length} characters long; search with at most {MaxQueryLength}");
        return new HistoryQuery
        {
            Q = q,
            Room = Blank(get("room")),
            Sender = Blank(get("sender")),
            Kind = kind,
            Thread = Blank(get("thread")),
            From = Time(get("from"), "from"),
            To = Time(get("to"), "to"),
            Limit = limit,
            Before = Blank(get("before")),
        };
    }

    /// <summary>Unix ms, or an ISO 8601 date/time (UTC unless it says otherwise).</summary>
    public static long? Time(string? value, string name)
    {
        if (Blank(value) is not { } v) return null;
        if (long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms)) return ms;
        if (DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return at.ToUnixTimeMilliseconds();
        throw VerbException.BadRequest("bad_query", $"{name} must be Unix milliseconds or an ISO 8601 time such as 2026-11-27T14:00:00Z, not '{v}'");
    }

    /// <summary>The query string for the archive's <c>GET /history</c>.</summary>
    public string ToQueryString()
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (value is not null) parts.Add($"{key}={Uri.EscapeDataString(value)}");
        }
        Add("q", Q);
        Add("room", Room);
        Add("sender", Sender);
        Add("kind", Kind);
        Add("thread", Thread);
        Add("from", From?.ToString(CultureInfo.InvariantCulture));
        Add("to", To?.ToString(CultureInfo.InvariantCulture));
        Add("limit", Limit.ToString(CultureInfo.InvariantCulture));
        Add("before", Before);
        return "?" + string.Join('&', parts);
    }

    /// <summary>Every filter but the room and the paging, as the fallback applies it to one message (words: all, case-insensitive).</summary>
    public bool Matches(ChatMessage m) =>
        (Sender is null || m.Sender == Sender || m.Instance == Sender)
        && (Kind is null || m.Kind == Kind)
        && (Thread is null || m.Thread == Thread || m.EventId == Thread)
        && (From is null || m.Ts >= From)
        && (To is null || m.Ts <= To)
        && (Words().All(w => m.Text.Contains(w, StringComparison.OrdinalIgnoreCase)));

    public IReadOnlyList<string> Words() =>
        Q is null ? [] : Q.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(w => w.Trim('"')).Where(w => w.Length > 0 && w != "or" && !w.StartsWith('-')).ToList();

    private static string? Blank(string? v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();
}
