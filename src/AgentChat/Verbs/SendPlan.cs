using AgentChat.Matrix;

namespace AgentChat.Verbs;

/// <summary>
/// A send the rules accepted: its key, where it goes (a room as the sender named it, or a direct room with
/// <see cref="DirectTo"/>), the composed event content, and warnings for the sender.
/// </summary>
public sealed record SendPlan(string TxnId, string? Room, UserId? DirectTo, byte[] Content, IReadOnlyList<string> Warnings);
