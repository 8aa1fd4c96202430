using System.Text.Json;
using AgentChat.Matrix;
using AgentChat.Registry;

namespace AgentChat.Leases;

/// <summary>
/// Reads a holder's lease state as strangers may have written it: only the holder's own event counts (sender = state
/// key, and <c>user_id</c>, when present, the same); each lease is read field by field, and one that breaks a limit
/// (too many or too long patterns, a TTL past <see cref="LeaseLimits.MaxTtl"/>, times ahead of the clock) is skipped
/// whole. Nothing here throws on content.
/// </summary>
public static class LeaseStateReader
{
    /// <summary>The holder and its readable leases, or null when the event is no lease state of its own sender.</summary>
    public static (string Holder, string? Instance, IReadOnlyList<Lease> Leases)? Read(MatrixEvent e)
    {
        if (e.Type != LeaseStateContent.EventType || !UserId.TryParse(e.StateKey, out var holder) || e.Sender != holder) return null;
        var content = e.Content;
        if (content.ValueKind != JsonValueKind.Object) return null;
        if (content.TryGetProperty("user_id", out var uid) && (uid.ValueKind != JsonValueKind.String || uid.GetString() != holder.Value)) return null;
        var instance = JsonFields.String(content, "instance") is { Length: > 0 and <= 64 } name ? name : null;
        var leases = new List<Lease>();
        if (content.TryGetProperty("leases", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in array.EnumerateArray())
            {
                if (leases.Count >= LeaseLimits.MaxLeasesPerHolder) break;
                if (ReadLease(item) is { } lease) leases.Add(lease);
            }
        }
        return (holder.Value, instance, leases);
    }

    /// <summary>One lease, or null when a field is missing, mistyped or past a limit.</summary>
    public static Lease? ReadLease(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object) return null;
        if (JsonFields.String(item, "id") is not { Length: > 0 and <= LeaseLimits.MaxIdLength } id) return null;
        var mode = JsonFields.String(item, "mode");
        if (mode is not (Lease.Exclusive or Lease.Shared)) return null;
        if (JsonFields.Long(item, "taken_at") is not { } takenAt || JsonFields.Long(item, "expires_at") is not { } expiresAt) return null;
        if (expiresAt <= takenAt || expiresAt - takenAt > (long)LeaseLimits.MaxTtl.TotalMilliseconds) return null;
        if (!item.TryGetProperty("patterns", out var array) || array.ValueKind != JsonValueKind.Array) return null;
        var count = array.GetArrayLength();
        if (count is 0 or > LeaseLimits.MaxPatterns) return null;
        var patterns = new List<string>(count);
        foreach (var p in array.EnumerateArray())
        {
            if (p.ValueKind != JsonValueKind.String || LeaseGlob.Normalize(p.GetString()) is not { } normal) return null;
            patterns.Add(normal);
        }
        var reason = JsonFields.String(item, "reason");
        return new Lease
        {
            Id = id,
            Patterns = patterns,
            Mode = mode,
            Reason = reason is null ? null : LeaseLimits.Cut(reason, LeaseLimits.MaxReasonLength),
            TakenAt = takenAt,
            ExpiresAt = expiresAt,
            Run = JsonFields.Long(item, "run"),
            Host = JsonFields.String(item, "host") is { Length: <= 255 } host ? host : null,
        };
    }
}
