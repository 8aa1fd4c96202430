using AgentChat.Verbs;

namespace AgentChat.Tasks;

/// <summary>The filters of a task list, checked the same way for <c>/tasks</c>, the CLI and MCP.</summary>
public sealed record TaskQuery(string? State, string? Assignee, string? Creator, bool WaitingOnHumans)
{
    public static TaskQuery Parse(string? state, string? assignee, string? creator, string? waitingOnHumans)
    {
        if (state is not null && !TaskStates.IsValid(state))
            throw VerbException.BadRequest("bad_state", $"\"state\" must be one of {string.Join(", ", TaskStates.All)}");
        if (waitingOnHumans is not (null or "" or "true" or "false" or "1" or "0"))
            throw VerbException.BadRequest("bad_waiting_on_humans", "\"waiting_on_humans\" takes true or false");
        return new TaskQuery(Empty(state), Empty(assignee), Empty(creator), waitingOnHumans is "true" or "1");
    }

    public bool Matches(TaskView task, TaskDirectory directory) =>
        (State is null || task.State == State)
        && (Assignee is null || directory.Names(Assignee, task.Assignee))
        && (Creator is null || directory.Names(Creator, task.Creator))
        && (!WaitingOnHumans || task.WaitingOn.Count > 0);

    private static string? Empty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
