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
    /// <summary>Busy as of the registry read: said so, and not lapsed (<see cref="BusyAt"/> for another time).</summary>
    public bool Busy { get; init; }
    public string? BusyOn { get; init; }
    public long? BusyUntil { get; init; }
    /// <summary><c>channel</c>, <c>hook</c> or <c>none</c>, as the agent last wrote it.</summary>
    public string Wakeable { get; init; } = PresenceRules.None;
    /// <summary>The event id of the last message it consumed, and when (ms).</summary>
    public string? Cursor { get; init; }
    public long? CursorAt { get; init; }
    /// <summary>
    /// When its claim on the name began (ms), as the homeserver stamped the registry event that began it; the entry's
    /// own event when that is not known or does not check out. Decides who keeps a name (<see cref="NameClaims"/>).
    /// </summary>
    public long? ClaimedAt { get; init; }
    /// <summary>The event id the entry names as the start of its claim; checked before it counts.</summary>
    public string? Claim { get; init; }
    /// <summary>Another live account claimed the name earlier: addressing never resolves to this one.</summary>
    public bool Contested { get; init; }
    /// <summary>With <see cref="Contested"/>: the account that holds the name.</summary>
    public string? HeldBy { get; init; }

    /// <summary>Whether it is alive at <paramref name="nowMs"/>: <see cref="Alive"/> is as of the registry read.</summary>
    public bool AliveAt(long nowMs) => InstanceEntry.IsAlive(Status, LastSeen, TtlMs, nowMs);

    /// <summary>Whether its busy flag still holds at <paramref name="nowMs"/>.</summary>
    public bool BusyAt(long nowMs) => PresenceRules.IsBusy(Busy, BusyUntil, nowMs);

    /// <summary>This row with its time-dependent flags recomputed for <paramref name="nowMs"/>.</summary>
    public InstanceInfo At(long nowMs) => this with { Alive = AliveAt(nowMs), Busy = BusyAt(nowMs) };
}
