using System.Globalization;
using System.Text.Json;

namespace AgentChat.Messages.Wake;

/// <summary>
/// A message's claim on the agent's attention, from its meta: <c>priority</c> (<c>normal</c> | <c>urgent</c>),
/// <c>expires_at</c> (ISO 8601, or Unix milliseconds) and <c>supersedes</c> (an event id). Read totally:
/// anything unreadable means normal, never expiring, superseding nothing.
/// </summary>
public readonly record struct Attention(bool Urgent, DateTimeOffset? ExpiresAt, string? Supersedes)
{
    public const string Normal = "normal";
    public const string UrgentPriority = "urgent";

    public static Attention Of(ChatMessage message)
    {
        if (message.Meta is not { ValueKind: JsonValueKind.Object } meta) return default;
        var urgent = meta.TryGetProperty("priority", out var p) && p.ValueKind == JsonValueKind.String && p.GetString() == UrgentPriority;
        DateTimeOffset? expires = null;
        if (meta.TryGetProperty("expires_at", out var e))
        {
            if (e.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(e.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) expires = at;
            else if (e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var ms) && ms is > 0 and < 253402300799999) expires = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }
        var supersedes = meta.TryGetProperty("supersedes", out var s) && s.ValueKind == JsonValueKind.String && s.GetString() is { Length: > 1 } id && id.StartsWith('$') ? id : null;
        return new Attention(urgent, expires, supersedes);
    }

    public bool ExpiredAt(DateTimeOffset now) => ExpiresAt is { } at && at <= now;

    public string Priority => Urgent ? UrgentPriority : Normal;
}
