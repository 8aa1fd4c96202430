namespace AgentChat.Receipts;

/// <summary>
/// One recipient of a tracked send, as <see cref="ReceiptBook"/> keeps it: when each step was first seen (ms since
/// the epoch). Each is set once; the state is the furthest step seen, so it never goes backwards.
/// </summary>
internal sealed class ReceiptProgress
{
    public required string UserId { get; init; }
    public string? Instance { get; init; }
    public long? ReadAt { get; set; }
    public long? DeliveredAt { get; set; }
    public long? ActedAt { get; set; }
    public string? ActedEventId { get; set; }

    public string State =>
        ActedAt is not null ? ReceiptState.Acted
        : DeliveredAt is not null ? ReceiptState.Delivered
        : ReadAt is not null ? ReceiptState.Read
        : ReceiptState.Stored;
}
