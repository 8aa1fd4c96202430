using AgentChat.Tasks;

namespace AgentChat.Decisions;

/// <summary>The decision asked: its id (the poll's event id), where, until when, the task blocked on it, and the poll's text line for clients without polls.</summary>
public sealed record DecisionAskResponse(
    string DecisionId, string RoomId, string TxnId, long? ExpiresAt, TaskView? Task, IReadOnlyList<string>? Warnings, string? CompanionId = null);
