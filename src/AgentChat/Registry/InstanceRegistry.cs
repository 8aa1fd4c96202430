using AgentChat.Matrix;

namespace AgentChat.Registry;

/// <summary>The registry of instances: Matrix room state in the shared room, no database.</summary>
public static class InstanceRegistry
{
    /// <summary>Writes our entry, with <c>user_id</c> = the state key = us, so readers can check the binding.</summary>
    public static Task<EventId> WriteAsync(MatrixClient client, RoomId room, UserId self, InstanceEntry entry, CancellationToken ct) =>
        client.PutStateAsync(room, InstanceEntry.EventType, self.Value, entry with { UserId = self.Value }, RegistryJsonContext.Default.InstanceEntry, ct);

    /// <summary>The registry now, with each name's holder decided (<see cref="NameClaims"/>): claims checked against the homeserver.</summary>
    public static async Task<IReadOnlyList<InstanceInfo>> ReadAsync(MatrixClient client, RoomId room, long nowMs, CancellationToken ct) =>
        await NameClaims.ResolveAsync(client, room, List(await client.GetRoomStateAsync(room, ct), nowMs), nowMs, null, ct);

    /// <summary>
    /// The trusted entries among <paramref name="state"/>, alive first; a later claim on a live name is marked contested
    /// by the timestamps at hand (<see cref="NameClaims.ResolveAsync"/> also checks the claims the entries name).
    /// </summary>
    public static IReadOnlyList<InstanceInfo> List(IEnumerable<MatrixEvent> state, long nowMs, Action<MatrixEvent>? forged = null)
    {
        var rows = new List<InstanceInfo>();
        foreach (var e in state)
        {
            if (e.Type != InstanceEntry.EventType || Trusted(e, forged) is not { } entry) continue;
            rows.Add(Row(e.StateKey!, entry, nowMs, e.OriginServerTs));
        }
        return NameClaims.Mark(rows, nowMs);
    }

    /// <summary>
    /// One row of <c>who</c> for the trusted <paramref name="entry"/> of <paramref name="userId"/>, written at
    /// <paramref name="writtenAt"/> (the homeserver's timestamp of its event; 0 when not known).
    /// </summary>
    public static InstanceInfo Row(string userId, InstanceEntry entry, long nowMs, long writtenAt = 0) => new()
    {
        UserId = userId,
        Instance = entry.Instance,
        Alive = entry.IsAlive(nowMs),
        Kind = entry.Kind,
        Status = entry.Status,
        Host = entry.Host,
        Version = entry.Version,
        Description = entry.Description,
        Capabilities = entry.Capabilities,
        StartedAt = entry.StartedAt,
        LastSeen = entry.LastSeen,
        TtlMs = entry.TtlMs,
        Busy = PresenceRules.IsBusy(entry.Busy, entry.BusyUntil, nowMs),
        BusyOn = entry.BusyOn,
        BusyUntil = entry.BusyUntil,
        Wakeable = entry.Wakeable,
        Cursor = entry.Cursor,
        CursorAt = entry.CursorAt,
        ClaimedAt = writtenAt > 0 ? writtenAt : null,
        Claim = entry.Claim,
    };

    /// <summary>Orders rows as <c>who</c> shows them: alive first, then by name.</summary>
    public static IReadOnlyList<InstanceInfo> Ordered(IEnumerable<InstanceInfo> rows) =>
        rows.OrderByDescending(r => r.Alive).ThenBy(r => r.Instance, StringComparer.Ordinal).ToList();

    /// <summary>
    /// The entry of a registry state event, when it binds to one account: the state key is a user id, the
    /// sender is that user (the room's authorization rules enforce it; checked again for the history APIs),
    /// and the <c>user_id</c> field, when present, names the same user. Entries written before that field
    /// existed have none and are trusted on the first two. A disagreeing (or not a string) <c>user_id</c> is a forgery:
    /// ignored, and reported through <paramref name="forged"/>.
    /// </summary>
    public static InstanceEntry? Trusted(MatrixEvent e, Action<MatrixEvent>? forged = null)
    {
        if (e.Type != InstanceEntry.EventType || !UserId.TryParse(e.StateKey, out var owner)) return null;
        if (InstanceEntryReader.Read(e.Content) is not { } entry) return null;
        var userIdPresent = e.Content.TryGetProperty("user_id", out _); // Read gave an object: it has an instance
        if ((e.Sender is { } sender && sender != owner) || (userIdPresent && entry.UserId != owner.Value))
        {
            forged?.Invoke(e);
            return null;
        }
        return entry;
    }
}
