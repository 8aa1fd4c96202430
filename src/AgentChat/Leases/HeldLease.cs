namespace AgentChat.Leases;

/// <summary>A lease as the room holds it now: whose it is (the state key its event was written under) and the lease.</summary>
public sealed record HeldLease(string Holder, string? Instance, Lease Lease)
{
    /// <summary>Who holds it, for a person: the instance name and the account.</summary>
    public string Who => Instance is { } name ? $"{name} ({Holder})" : Holder;
}
