using AgentChat.Matrix;

namespace AgentChat.Registry;

/// <summary>
/// Who keeps an instance name: among the live entries carrying it (any case), the earliest claim, by the
/// homeserver's timestamp of the registry event that began it; the other live claimants are contested and
/// addressing never resolves to them. A claim lapses with its entry (TTL passed, or offline at a clean stop).
/// <c>started_at</c> is not used: the entry's author writes it, so anyone could claim to be first.
/// </summary>
public static class NameClaims
{
    /// <summary>The rows with each live name's later claimants marked contested, ordered as <c>who</c> shows them.</summary>
    public static IReadOnlyList<InstanceInfo> Mark(IEnumerable<InstanceInfo> rows, long nowMs)
    {
        var all = rows.Select(r => r with { Contested = false, HeldBy = null }).ToList();
        var holders = Holders(all, nowMs);
        for (var i = 0; i < all.Count; i++)
        {
            var row = all[i];
            if (row.AliveAt(nowMs) && holders.TryGetValue(row.Instance, out var holder) && holder.UserId != row.UserId)
                all[i] = row with { Contested = true, HeldBy = holder.UserId };
        }
        return InstanceRegistry.Ordered(all);
    }

    /// <summary>The live account that holds <paramref name="name"/> (any case), or null when no live entry carries it.</summary>
    public static InstanceInfo? Holder(string name, IEnumerable<InstanceInfo> rows, long nowMs) =>
        Holders(rows, nowMs).GetValueOrDefault(name);

    /// <summary>
    /// Checks the claim of every entry on a name several live accounts carry (the only case where it matters): the
    /// event it names must be a registry entry of the same account for the same name, online, and no later than the
    /// entry itself. Then marks as <see cref="Mark"/> does. A claim that cannot be fetched or does not check out
    /// counts from the entry's own event, so a forged or copied claim makes an entry no earlier than its last write.
    /// </summary>
    public static async Task<IReadOnlyList<InstanceInfo>> ResolveAsync(
        MatrixClient client, RoomId room, IReadOnlyList<InstanceInfo> rows, long nowMs, ClaimBook? book, CancellationToken ct)
    {
        var contested = rows.Where(r => r.AliveAt(nowMs)).GroupBy(r => r.Instance, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1).SelectMany(g => g).Select(r => r.UserId).ToHashSet(StringComparer.Ordinal);
        if (contested.Count == 0) return Mark(rows, nowMs);
        book ??= new ClaimBook();
        var resolved = new List<InstanceInfo>(rows.Count);
        foreach (var row in rows)
        {
            if (!contested.Contains(row.UserId) || row.Claim is not { } claim) resolved.Add(row);
            else resolved.Add(await book.ClaimedAtAsync(client, room, row, claim, ct) is { } at ? row with { ClaimedAt = at } : row);
        }
        return Mark(resolved, nowMs);
    }

    private static Dictionary<string, InstanceInfo> Holders(IEnumerable<InstanceInfo> rows, long nowMs)
    {
        var holders = new Dictionary<string, InstanceInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows.Where(r => r.AliveAt(nowMs)))
            if (!holders.TryGetValue(row.Instance, out var held) || Earlier(row, held)) holders[row.Instance] = row;
        return holders;
    }

    /// <summary>Earlier claim first; an unknown one last; the same instant by account id, so every reader agrees.</summary>
    private static bool Earlier(InstanceInfo a, InstanceInfo b)
    {
        var (at, bt) = (a.ClaimedAt ?? long.MaxValue, b.ClaimedAt ?? long.MaxValue);
        return at != bt ? at < bt : string.CompareOrdinal(a.UserId, b.UserId) < 0;
    }
}
