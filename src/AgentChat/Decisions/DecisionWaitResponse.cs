namespace AgentChat.Decisions;

/// <summary>What a wait ends with: the decision, and whether the time ran out before an answer came.</summary>
public sealed record DecisionWaitResponse(DecisionView Decision, bool TimedOut);
