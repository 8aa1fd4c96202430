using AgentChat.Matrix;

namespace AgentChat.Messages;

/// <summary>An account a message is for, and the name its pill shows.</summary>
public sealed record Addressee(UserId UserId, string Label);
