namespace AgentChat.LoopGuard;

/// <summary>Where a budget applies: a thread (by its root), or a room's main timeline (replies outside threads included).</summary>
public readonly record struct LoopScope(string RoomId, string? Thread)
{
    public static LoopScope Of(string roomId, string? thread) => new(roomId, string.IsNullOrEmpty(thread) ? null : thread);

    public override string ToString() => Thread is null ? "this room" : "this thread";
}
