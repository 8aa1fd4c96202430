using System.Globalization;
using AgentChat.Matrix;
using AgentChat.Verbs;

namespace AgentChat.Registry;

/// <summary>
/// The check a daemon, <c>cchat register</c> and <c>cchat mcp</c> make before they claim an instance name: when
/// another live account holds it (<see cref="NameClaims"/>), they refuse to start (409 <c>name_taken</c>, exit 2),
/// saying who holds it and when its claim lapses unless renewed.
/// </summary>
public static class NameOwnership
{
    public const string TakenCode = "name_taken";

    /// <summary>
    /// Reads the registry of <paramref name="room"/> and throws when <paramref name="instance"/> is another live
    /// account's. Returns the claim of this account's own live entry for the name (a restart within its TTL keeps
    /// its place), or null when this is a new claim. Homeserver failures are the caller's (a <see cref="MatrixException"/>).
    /// </summary>
    public static async Task<string?> EnsureFreeAsync(MatrixClient client, RoomId room, UserId self, string instance, long nowMs, CancellationToken ct)
    {
        var rows = await InstanceRegistry.ReadAsync(client, room, nowMs, ct);
        var holder = NameClaims.Holder(instance, rows, nowMs);
        if (holder is not null && holder.UserId != self.Value) throw Taken(instance, holder);
        return holder?.Claim;
    }

    /// <summary>The refusal: who holds the name, and until when (its last_seen plus its TTL).</summary>
    public static VerbException Taken(string instance, InstanceInfo holder)
    {
        var lapse = holder.LastSeen + holder.TtlMs;
        var until = lapse is > 0 and < 253_370_764_800_000
            ? DateTimeOffset.FromUnixTimeMilliseconds(lapse).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : lapse.ToString(CultureInfo.InvariantCulture);
        return new VerbException(409, TakenCode,
            $"instance name '{instance}' is held by {holder.UserId} (its claim lapses at {until} unless renewed, or when it stops): " +
            "pick another name (AGENTCHAT_INSTANCE or --instance), or stop that agent first");
    }
}
