using AgentChat.Matrix;
using AgentChat.Registry;

namespace AgentChat.Tasks;

/// <summary>
/// What the task rules need to know about accounts, all from the room's state as the homeserver vouches for it:
/// who is human (the trusted flag from the registry and the humans setting, never a claim in a message), an
/// account's instance name, and what a name typed by a human means.
/// </summary>
public sealed class TaskDirectory(SenderDirectory senders)
{
    public bool IsHuman(string userId) => senders.IsHuman(userId);

    public string? InstanceOf(string userId) => senders.InstanceOf(userId);

    /// <summary>
    /// The account a typed name means: a full Matrix id, or one agent's instance name (any case; when several
    /// carry it, the one whose localpart it is, else the one spelt exactly so); null when it means no one.
    /// </summary>
    public string? Resolve(string name)
    {
        var trimmed = name.Trim().TrimEnd(':', ',', '.');
        if (UserId.TryParse(trimmed, out var id)) return id.Value;
        var bare = trimmed.TrimStart('@');
        var named = senders.AgentInstances.Where(a => string.Equals(a.Value, bare, StringComparison.OrdinalIgnoreCase)).Select(a => a.Key).ToList();
        if (named.Count <= 1) return named.FirstOrDefault();
        var byLocalpart = named.Where(u => UserId.TryParse(u, out var user) && user.Localpart == bare).ToList();
        if (byLocalpart.Count == 1) return byLocalpart[0];
        var exact = named.Where(u => senders.InstanceOf(u) == bare).ToList();
        return exact.Count == 1 ? exact[0] : null;
    }

    /// <summary>Whether <paramref name="name"/> names <paramref name="userId"/>: its id, localpart or instance name.</summary>
    public bool Names(string name, string? userId)
    {
        if (userId is null) return false;
        var bare = name.Trim();
        if (string.Equals(bare, userId, StringComparison.Ordinal)) return true;
        bare = bare.TrimStart('@');
        if (InstanceOf(userId) is { } instance && string.Equals(instance, bare, StringComparison.OrdinalIgnoreCase)) return true;
        return UserId.TryParse(userId, out var u) && string.Equals(u.Localpart, bare, StringComparison.OrdinalIgnoreCase);
    }
}
