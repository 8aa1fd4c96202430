using System.Text.Json.Serialization;

namespace AgentChat.Leases;

// The gateway's lease JSON (POST /leases, POST /leases/release, GET /leases, GET /leases/check), shared by the daemon and the CLI.

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record LeaseTakeRequest
{
    public IReadOnlyList<string>? Patterns { get; init; }
    /// <summary>A duration: <c>90s</c>, <c>30m</c>, <c>2h</c>; default 30m.</summary>
    public string? Ttl { get; init; }
    public bool? Shared { get; init; }
    public string? Reason { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record LeaseReleaseRequest
{
    /// <summary>Patterns (as taken) or lease ids to release; with <see cref="All"/>, every lease.</summary>
    public IReadOnlyList<string>? Patterns { get; init; }
    public bool? All { get; init; }
}

/// <summary>A lease as the gateway shows it: who holds it and until when.</summary>
public sealed record LeaseView(string Holder, string? Instance, string Id, IReadOnlyList<string> Patterns, string Mode, string? Reason, long TakenAt, long ExpiresAt, string? Host)
{
    public static LeaseView Of(HeldLease h) =>
        new(h.Holder, h.Instance, h.Lease.Id, h.Lease.Patterns, h.Lease.Mode, h.Lease.Reason, h.Lease.TakenAt, h.Lease.ExpiresAt, h.Lease.Host);
}

/// <summary><see cref="Renewed"/>: the holder had the same patterns in the same mode, and the lease's expiry moved.</summary>
public sealed record LeaseTakeResponse(LeaseView Lease, bool Renewed);

public sealed record LeaseReleaseResponse(IReadOnlyList<LeaseView> Released);

public sealed record LeaseListResponse(IReadOnlyList<LeaseView> Leases);

/// <summary>One path: the live leases of others on it; <see cref="Blocked"/> when one of them is exclusive.</summary>
public sealed record LeasePathCheck(string Path, bool Blocked, IReadOnlyList<LeaseView> HeldBy);

public sealed record LeaseCheckResponse(bool Blocked, IReadOnlyList<LeasePathCheck> Paths);

/// <summary>The 409 <c>lease_conflict</c> answer: the gateway's error shape plus the leases in the way.</summary>
public sealed record LeaseConflictBody(string Error, string Code, IReadOnlyList<LeaseView> Conflicts);
