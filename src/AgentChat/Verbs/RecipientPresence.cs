using AgentChat.Registry;

namespace AgentChat.Verbs;

/// <summary>
/// What a sender should know about an agent it addresses: offline (the message waits as unread), or online
/// but with nothing attached that a message can wake (it sees the message at its next read). One rule for
/// the gateway and direct mode.
/// </summary>
public static class RecipientPresence
{
    /// <summary>The warning for <paramref name="agent"/> at <paramref name="now"/>, or null when a message reaches it.</summary>
    public static string? Warning(InstanceInfo agent, DateTimeOffset now)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        if (!agent.AliveAt(nowMs)) return $"{agent.Instance} is offline ({LastSeen(agent, now)}); the message waits for it as unread";
        if (!PresenceRules.CanWake(agent.Wakeable))
            return $"{agent.Instance} is online but cannot be woken (no channel or hook); it sees the message when it next reads";
        return null;
    }

    /// <summary>"last seen 30 min ago", or "never seen" when the entry's time is absent or out of range.</summary>
    public static string LastSeen(InstanceInfo agent, DateTimeOffset now)
    {
        // last_seen is whatever the entry's writer put there: out of range is as good as never
        if (agent.LastSeen <= 0 || agent.LastSeen > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()) return "never seen";
        return "last seen " + Ago(now - DateTimeOffset.FromUnixTimeMilliseconds(agent.LastSeen));
    }

    /// <summary>A short span in words: "just now", "3 min ago", "2 h ago", "4 days ago".</summary>
    public static string Ago(TimeSpan ago) =>
        ago.TotalMinutes < 1 ? "just now"
        : ago.TotalHours < 1 ? $"{ago.TotalMinutes:0} min ago"
        : ago.TotalDays < 1 ? $"{ago.TotalHours:0} h ago"
        : $"{ago.TotalDays:0} days ago";
}
