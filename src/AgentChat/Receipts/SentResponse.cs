namespace AgentChat.Receipts;

/// <summary><c>GET /sent</c>: this agent's recent sends, newest first. <c>Via</c> says who computed them (gateway or direct).</summary>
public sealed record SentResponse(IReadOnlyList<SentMessage> Messages, string? Via = null);
