namespace AgentChat.Leases;

/// <summary>
/// One lease inside its holder's <c>com.aiagentchat.lease</c> state content. <see cref="Run"/> binds it to the daemon
/// run that took it (the holder's registry <c>started_at</c>), so a restarted daemon does not bring back what it held.
/// </summary>
public sealed record Lease
{
    public const string Exclusive = "exclusive";
    public const string Shared = "shared";

    public required string Id { get; init; }
    public required IReadOnlyList<string> Patterns { get; init; }
    /// <summary><see cref="Exclusive"/> or <see cref="Shared"/>.</summary>
    public required string Mode { get; init; }
    public string? Reason { get; init; }
    public long TakenAt { get; init; }
    public long ExpiresAt { get; init; }
    public long? Run { get; init; }
    public string? Host { get; init; }

    public bool IsShared => Mode == Shared;

    /// <summary>Two leases of different holders clash: some pattern of each overlaps, and at least one is exclusive.</summary>
    public bool Clashes(IReadOnlyList<string> patterns, bool shared) =>
        (!IsShared || !shared) && Patterns.Any(p => patterns.Any(q => LeaseGlob.Overlap(p, q)));
}
