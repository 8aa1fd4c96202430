using System.Text.Json;

namespace AgentChat.Registry;

/// <summary>
/// Reads a registry entry field by field: unknown fields (a newer version's) are ignored, a wrong-typed field
/// reads as absent. Only an entry without an instance name is not an entry.
/// </summary>
public static class InstanceEntryReader
{
    public static InstanceEntry? Read(JsonElement content)
    {
        if (JsonFields.String(content, "instance") is not { Length: > 0 } instance) return null;
        return new InstanceEntry
        {
            Instance = instance,
            UserId = JsonFields.String(content, "user_id"),
            Kind = JsonFields.String(content, "kind") ?? "unknown",
            Host = JsonFields.String(content, "host"),
            Version = JsonFields.String(content, "version"),
            Description = JsonFields.String(content, "description"),
            Capabilities = JsonFields.Strings(content, "capabilities"),
            StartedAt = JsonFields.Long(content, "started_at") ?? 0,
            LastSeen = JsonFields.Long(content, "last_seen") ?? 0,
            TtlMs = JsonFields.Long(content, "ttl_ms") ?? InstanceEntry.DefaultTtlMs,
            Status = JsonFields.String(content, "status") ?? "unknown",
            Busy = JsonFields.Bool(content, "busy") ?? false,
            BusyOn = PresenceRules.Clean(JsonFields.String(content, "busy_on")),
            BusyUntil = JsonFields.Long(content, "busy_until"),
            Wakeable = PresenceRules.Wakeable(JsonFields.String(content, "wakeable")),
            Cursor = PresenceRules.EventIdOrNull(JsonFields.String(content, "cursor")),
            CursorAt = JsonFields.Long(content, "cursor_at"),
            Claim = PresenceRules.EventIdOrNull(JsonFields.String(content, "claim")),
        };
    }
}
