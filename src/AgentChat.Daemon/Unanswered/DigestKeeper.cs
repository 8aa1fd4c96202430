using AgentChat.Registry;

namespace AgentChat.Daemon.Unanswered;

/// <summary>
/// Who posts the shared room's digest: the alive persistent agent with the lowest user id (<c>cchat who</c>), so a
/// fleet posts one. Only its digest holds the others back: a digest from anyone else suppresses nothing.
/// </summary>
internal static class DigestKeeper
{
    /// <summary>The keeper's user id; null when no alive persistent agent is known (then every daemon may post).</summary>
    public static string? Of(IEnumerable<InstanceInfo> instances, SenderDirectory senders, long nowMs)
    {
        var agents = senders.Agents.ToHashSet(StringComparer.Ordinal);
        return instances
            .Where(i => i.Kind == "persistent" && i.AliveAt(nowMs) && agents.Contains(i.UserId))
            .Select(i => i.UserId)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
    }
}
