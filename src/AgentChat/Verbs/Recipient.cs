using AgentChat.Matrix;
using AgentChat.Registry;

namespace AgentChat.Verbs;

/// <summary>An account a sender addressed, the name humans see for it, and its registry entry when it is an agent.</summary>
public sealed record Recipient(UserId UserId, string Label, InstanceInfo? Agent);
