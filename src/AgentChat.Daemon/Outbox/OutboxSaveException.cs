namespace AgentChat.Daemon.Outbox;

/// <summary>The outbox could not write a message to disk; nothing was sent and nothing is pending.</summary>
internal sealed class OutboxSaveException(string message, Exception inner) : Exception(message, inner);
