using AgentChat.Verbs;

namespace AgentChat.Leases;

/// <summary>A take refused because others hold clashing leases (before ours, or winning the race): 409 <c>lease_conflict</c>.</summary>
public sealed class LeaseConflictException(IReadOnlyList<HeldLease> conflicts, bool lostRace)
    : Exception(Describe(conflicts, lostRace))
{
    public const string Code = "lease_conflict";

    public IReadOnlyList<HeldLease> Conflicts { get; } = conflicts;

    public LeaseConflictBody Body => new(Message, Code, Conflicts.Select(LeaseView.Of).ToList());

    /// <summary>The same refusal as the gateway's error: what direct mode throws.</summary>
    public VerbException ToVerb() => new(409, Code, Message);

    private static string Describe(IReadOnlyList<HeldLease> conflicts, bool lostRace)
    {
        var lines = conflicts.Take(5).Select(h =>
            $"{string.Join(", ", h.Lease.Patterns)} held {h.Lease.Mode} by {h.Who} until {LeaseText.Time(h.Lease.ExpiresAt)}" +
            (h.Lease.Reason is { } r ? $" ({r})" : ""));
        var more = conflicts.Count > 5 ? $"; and {conflicts.Count - 5} more" : "";
        var head = lostRace ? "another agent took a clashing lease first (the race is decided by event order): " : "";
        return head + string.Join("; ", lines) + more + ". Wait for it to end, ask the holder, or take a --shared lease if both only read";
    }
}
