namespace AgentChat.LoopGuard;

/// <summary>The loop guard in <c>/status</c>: the budget, and this agent's count in each room or thread where it has one.</summary>
public sealed record LoopGuardStatus(int Budget, IReadOnlyList<LoopScopeUse> Scopes);
