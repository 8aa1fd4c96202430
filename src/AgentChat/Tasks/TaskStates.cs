namespace AgentChat.Tasks;

/// <summary>
/// The states of a task and the moves between them: open → assigned → accepted → in_progress ↔ blocked →
/// done | failed | cancelled. Reassigning and cancelling are allowed from every state that is not final.
/// </summary>
public static class TaskStates
{
    public const string Open = "open";
    public const string Assigned = "assigned";
    public const string Accepted = "accepted";
    public const string InProgress = "in_progress";
    public const string Blocked = "blocked";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All = [Open, Assigned, Accepted, InProgress, Blocked, Done, Failed, Cancelled];

    private static readonly Dictionary<string, string[]> Moves = new(StringComparer.Ordinal)
    {
        [Open] = [Assigned, Cancelled],
        [Assigned] = [Assigned, Accepted, Cancelled],
        [Accepted] = [InProgress, Assigned, Failed, Cancelled],
        [InProgress] = [Blocked, Done, Failed, Assigned, Cancelled],
        [Blocked] = [InProgress, Done, Failed, Assigned, Cancelled],
        [Done] = [],
        [Failed] = [],
        [Cancelled] = [],
    };

    public static bool IsValid(string? state) => state is not null && Moves.ContainsKey(state);

    public static bool IsFinal(string state) => state is Done or Failed or Cancelled;

    public static bool CanMove(string from, string to) => Moves.TryGetValue(from, out var next) && next.Contains(to);

    public static IReadOnlyList<string> NextOf(string from) => Moves.TryGetValue(from, out var next) ? next : [];
}
