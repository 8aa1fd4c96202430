namespace AgentChat.Tasks;

/// <summary>GET /tasks/{id}: one task with its history.</summary>
public sealed record TaskResponse(TaskView Task, AskingAccount You);
