namespace AgentChat.Decisions;

/// <summary>One answer a decision offers: the poll's answer id, its text, the emoji a reaction picks it with, and its valid votes so far.</summary>
public sealed record DecisionChoice(string Id, string Text, string? Emoji)
{
    public int Votes { get; init; }
}
