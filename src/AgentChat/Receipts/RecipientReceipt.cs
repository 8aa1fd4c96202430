namespace AgentChat.Receipts;

/// <summary>One recipient of a sent message: its state and when it moved (ms since the epoch).</summary>
public sealed record RecipientReceipt
{
    public required string UserId { get; init; }
    public string? Instance { get; init; }
    public required string State { get; init; }
    public long? ReadAt { get; init; }
    /// <summary>When a hook or the channel handed the message to the recipient's session (its 👀 reaction).</summary>
    public long? DeliveredAt { get; init; }
    public long? ActedAt { get; init; }
    /// <summary>The recipient's message that answered (a reply, or a post in the thread).</summary>
    public string? ActedEventId { get; init; }
}
