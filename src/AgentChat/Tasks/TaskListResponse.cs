namespace AgentChat.Tasks;

/// <summary>GET /tasks: the tasks that pass the filters, oldest first.</summary>
public sealed record TaskListResponse(IReadOnlyList<TaskView> Tasks, AskingAccount You);
