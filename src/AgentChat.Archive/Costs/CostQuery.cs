using System.Globalization;
using AgentChat.History;
using AgentChat.Verbs;

namespace AgentChat.Archive.Costs;

/// <summary>
/// <c>GET /costs?by=agent|thread|task</c> with optional <c>agent</c>, <c>thread</c>, <c>task</c>, <c>from</c>, <c>to</c>
/// and <c>limit</c>: the bridge answers' cost summed per group, most expensive first.
/// </summary>
internal sealed record CostQuery
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static readonly IReadOnlyList<string> Groupings = ["agent", "thread", "task"];

    public required string By { get; init; }
    public string? Agent { get; init; }
    public string? Thread { get; init; }
    public string? Task { get; init; }
    public long? From { get; init; }
    public long? To { get; init; }
    public int Limit { get; init; } = DefaultLimit;

    /// <summary>The column a group is keyed on: from a fixed list, never from the request.</summary>
    public string Column => By switch { "thread" => "thread_id", "task" => "task_id", _ => "agent" };

    public static CostQuery Parse(Func<string, string?> get)
    {
        var by = Blank(get("by")) ?? "agent";
        if (!Groupings.Contains(by, StringComparer.Ordinal))
            throw VerbException.BadRequest("bad_query", $"by must be one of {string.Join(", ", Groupings)}, not '{by}'");
        var limit = DefaultLimit;
        if (Blank(get("limit")) is { } l && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
            throw VerbException.BadRequest("bad_query", $"limit must be a number from 1 to {MaxLimit}, not '{l}'");
        return new CostQuery
        {
            By = by,
            Agent = Blank(get("agent")),
            Thread = Blank(get("thread")),
            Task = Blank(get("task")),
            From = HistoryQuery.Time(get("from"), "from"),
            To = HistoryQuery.Time(get("to"), "to"),
            Limit = limit,
        };
    }

    private static string? Blank(string? v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();
}
