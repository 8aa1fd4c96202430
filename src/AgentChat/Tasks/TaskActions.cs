namespace AgentChat.Tasks;

/// <summary>The verbs that move a task (<c>cchat task accept</c>, ...), the state each leads to, and the line humans read.</summary>
public static class TaskActions
{
    public const string Assign = "assign";

    public static readonly IReadOnlyList<string> All = [Assign, "accept", "start", "block", "done", "fail", "cancel"];

    public static string? StateOf(string action) => action switch
    {
        Assign => TaskStates.Assigned,
        "accept" => TaskStates.Accepted,
        "start" => TaskStates.InProgress,
        "block" => TaskStates.Blocked,
        "done" => TaskStates.Done,
        "fail" => TaskStates.Failed,
        "cancel" => TaskStates.Cancelled,
        _ => null,
    };

    /// <summary><c>accepted by beta</c>, <c>assigned to beta by alice</c>: what follows <c>[TASK]</c> in a state change's body.</summary>
    public static string Line(string state, string actor, string? assignee) => state switch
    {
        TaskStates.Assigned => $"assigned to {assignee} by {actor}",
        TaskStates.InProgress => $"started by {actor}",
        _ => $"{state} by {actor}",
    };
}
