namespace AgentChat.Decisions;

/// <summary>One valid answer: the choice, who gave it (a Matrix id; its instance when an agent named in <c>--from</c>), how, and where.</summary>
public sealed record DecisionAnswer
{
    public required string ChoiceId { get; init; }
    public required string Choice { get; init; }
    public string? Emoji { get; init; }
    public required string By { get; init; }
    public string? ByInstance { get; init; }
    public bool Human { get; init; }

    /// <summary><c>poll</c> (an <c>m.poll.response</c>) or <c>reaction</c> (the choice's emoji on the poll).</summary>
    public required string Via { get; init; }

    public required string EventId { get; init; }
    public long Ts { get; init; }
}
