using AgentChat.Matrix;

namespace AgentChat.Verbs;

/// <summary>
/// A send the rules accepted: its key, where it goes (a room as the sender named it, or a direct room with
/// <see cref="DirectTo"/>), the composed event content, warnings for the sender, and the user ids it mentions.
/// </summary>
public sealed record SendPlan(string TxnId, string? Room, UserId? DirectTo, byte[] Content, IReadOnlyList<string> Warnings, IReadOnlyList<string>? Mentions = null);
