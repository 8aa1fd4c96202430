namespace AgentChat.Registry;

/// <summary>One row of <c>who</c>: a registry entry, whose it is, and whether it is alive now.</summary>
public sealed record InstanceInfo
{
    public required string UserId { get; init; }
    public required string Instance { get; init; }
    public required bool Alive { get; init; }
    public required string Kind { get; init; }
    public required string Status { get; init; }
    public string? Host { get; init; }
    public string? Version { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string> Capabilities { get; init; } = [];
    public long StartedAt { get; init; }
    public long LastSeen { get; init; }
    public long TtlMs { get; init; } = InstanceEntry.DefaultTtlMs;

    /// <summary>Whether it is alive at <paramref name="nowMs"/>: <see cref="Alive"/> is as of the registry read.</summary>
    public bool AliveAt(long nowMs) => InstanceEntry.IsAlive(Status, LastSeen, TtlMs, nowMs);
}
