namespace AgentChat.Tasks;

/// <summary>Who asked: the account the answer was derived for, and whether the room counts it as human.</summary>
public sealed record TaskViewer(string UserId, bool Human);

public sealed record TaskListResponse(IReadOnlyList<TaskView> Tasks, TaskViewer You);

public sealed record TaskResponse(TaskView Task, TaskViewer You);

/// <summary>What a task verb did: the message it sent (or queued) and the task as its thread reads after it.</summary>
public sealed record TaskMoveResponse(TaskView? Task, string? EventId, string TxnId, bool Queued, IReadOnlyList<string>? Warnings = null);

public sealed record ThreadsResponse(IReadOnlyList<ThreadSummary> Threads);
