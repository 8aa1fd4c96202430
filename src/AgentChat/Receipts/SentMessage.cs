namespace AgentChat.Receipts;

/// <summary>
/// One message this agent sent, with its receipts. <see cref="State"/> is the least advanced recipient's;
/// <see cref="Pending"/> is true while a recipient has not reached the message's goal (acted for a question or
/// a task, read otherwise).
/// </summary>
public sealed record SentMessage
{
    public required string EventId { get; init; }
    public required string RoomId { get; init; }
    public string? Room { get; init; }
    public required string Kind { get; init; }
    public required string Text { get; init; }
    public long Ts { get; init; }
    public string? Thread { get; init; }
    public required string State { get; init; }
    public required bool Pending { get; init; }
    public required IReadOnlyList<RecipientReceipt> Recipients { get; init; }
}
