namespace AgentChat.Cli.Contract;

/// <summary>The outcome of a send: delivered (event id) or queued by the daemon's outbox.</summary>
internal sealed record SendResult(string TxnId, string? EventId, string? RoomId, bool Queued, string Via, IReadOnlyList<string>? Warnings = null);
