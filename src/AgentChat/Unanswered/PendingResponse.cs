namespace AgentChat.Unanswered;

/// <summary><c>GET /pending</c>: questions and tasks unanswered for longer than <c>AfterSeconds</c>, oldest first.</summary>
public sealed record PendingResponse(IReadOnlyList<UnansweredItem> Items, int AfterSeconds, string? Via = null);
