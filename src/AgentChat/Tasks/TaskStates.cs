namespace AgentChat.Tasks;

/// <summary>
/// The states of a task: open → assigned → accepted → in_progress ↔ blocked → done | failed | cancelled.
/// Which moves between them are legal is <see cref="TaskTransitions"/>.
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

    public static bool IsValid(string? state) => state is not null && All.Contains(state, StringComparer.Ordinal);

    public static bool IsFinal(string state) => state is Done or Failed or Cancelled;
}
