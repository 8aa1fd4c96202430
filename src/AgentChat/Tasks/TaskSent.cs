namespace AgentChat.Tasks;

/// <summary>What sending a task message came to: an event in the room, or queued for later.</summary>
public sealed record TaskSent(string? EventId, string TxnId, bool Queued, IReadOnlyList<string>? Warnings);
