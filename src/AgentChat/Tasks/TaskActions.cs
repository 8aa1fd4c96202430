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

    /// <summary>The action a typed word names (<c>!done</c> is <c>done</c>), any case; null when it names none.</summary>
    public static string? Named(string word) => All.FirstOrDefault(a => string.Equals(a, word, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// <c>accepted by beta: Rotate the staging TLS certificates</c>, <c>assigned to beta by alice: ... — note</c>: what
    /// follows <c>[TASK]</c> in a state change's body, naming the task for humans reading the main timeline.
    /// </summary>
    public static string Line(string state, string actor, string? assignee, string? title, string? note = null)
    {
        var line = state switch
        {
            TaskStates.Assigned => $"assigned to {assignee} by {actor}",
            TaskStates.InProgress => $"started by {actor}",
            _ => $"{state} by {actor}",
        };
        return Named(line, title, note);
    }

    /// <summary><paramref name="line"/>, then <c>: title</c> and <c> — note</c> where there are any.</summary>
    public static string Named(string line, string? title, string? note)
    {
        var shortTitle = TaskTitle.Short(title);
        if (shortTitle.Length > 0) line += ": " + shortTitle;
        if (!string.IsNullOrWhiteSpace(note)) line += (shortTitle.Length > 0 ? " — " : ": ") + note.Trim();
        return line;
    }
}
