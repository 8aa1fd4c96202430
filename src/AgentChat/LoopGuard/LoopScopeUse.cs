namespace AgentChat.LoopGuard;

/// <summary>
/// One scope's count: the messages answering other agents this agent sent there since the last human message
/// (<paramref name="Thread"/> null: the room's main timeline), against <paramref name="Budget"/>.
/// </summary>
public sealed record LoopScopeUse(string RoomId, string? Thread, int Used, int Budget);
