using AgentChat.Daemon.Outbox;

namespace AgentChat.Daemon.Send;

/// <summary>What a send through <see cref="OutboxSend"/> came to: the event in the room, or queued (on disk; the outbox delivers it later).</summary>
internal sealed record OutboxSent(string TxnId, SendOutcome.Delivered? Delivered, IReadOnlyList<string>? Warnings)
{
    public bool Queued => Delivered is null;
}
