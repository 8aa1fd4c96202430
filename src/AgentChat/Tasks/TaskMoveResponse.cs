namespace AgentChat.Tasks;

/// <summary>What a task verb did: the message it sent (or queued) and the task as its thread reads after it.</summary>
public sealed record TaskMoveResponse(TaskView? Task, string? EventId, string TxnId, bool Queued, IReadOnlyList<string>? Warnings = null);
