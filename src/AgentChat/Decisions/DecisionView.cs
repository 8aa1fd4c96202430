namespace AgentChat.Decisions;

/// <summary>A decision as its poll and the events relating to it say now: derived from the room every time, stored nowhere else.</summary>
public sealed record DecisionView
{
    /// <summary>The poll's event id: the decision id.</summary>
    public required string Id { get; init; }
    public required string RoomId { get; init; }
    public required string Question { get; init; }
    public required string Asker { get; init; }
    public string? AskerInstance { get; init; }
    public required IReadOnlyList<DecisionChoice> Choices { get; init; }
    /// <summary>Who may answer; empty means any human.</summary>
    public IReadOnlyList<string> From { get; init; } = [];
    /// <summary>Whom the poll mentions.</summary>
    public IReadOnlyList<string> Asked { get; init; } = [];
    public long? ExpiresAt { get; init; }
    /// <summary>The task the asker blocked on this decision, when it said so in the poll.</summary>
    public string? Task { get; init; }
    public required string State { get; init; }
    /// <summary>The first valid answer: the decision.</summary>
    public DecisionAnswer? Answer { get; init; }
    /// <summary>Every valid answer, in room order.</summary>
    public IReadOnlyList<DecisionAnswer> Answers { get; init; } = [];
    /// <summary>Responses and choice reactions that did not count (not an allowed responder, malformed, unknown choice, after the end or too late).</summary>
    public int Ignored { get; init; }
    public IReadOnlyDictionary<string, int> IgnoredReasons { get; init; } = new Dictionary<string, int>();
    /// <summary>True once the asker posted <c>m.poll.end</c>.</summary>
    public bool Closed { get; init; }
    public long Ts { get; init; }
    /// <summary>The asker's text line for clients without polls (<c>m.notice</c> referencing the poll); reactions on it count as on the poll.</summary>
    public string? CompanionId { get; init; }
}
