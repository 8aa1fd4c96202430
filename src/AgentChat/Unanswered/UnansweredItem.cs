namespace AgentChat.Unanswered;

/// <summary>A question or task nobody else has answered yet (no reply to it, nothing in its thread from anyone but the asker).</summary>
public sealed record UnansweredItem
{
    public required string EventId { get; init; }
    public required string RoomId { get; init; }
    public string? Room { get; init; }
    public required string Sender { get; init; }
    public string? Instance { get; init; }
    public bool Human { get; init; }
    public required string Kind { get; init; }
    public required string Text { get; init; }
    /// <summary>When it was asked (ms; never later than when this agent first saw it).</summary>
    public long Ts { get; init; }
    /// <summary>Whom it is addressed to; empty: the whole room.</summary>
    public IReadOnlyList<string> To { get; init; } = [];
    /// <summary>A matrix.to link that opens the message in any client.</summary>
    public required string Link { get; init; }
}
