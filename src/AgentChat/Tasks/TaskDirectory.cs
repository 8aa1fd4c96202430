using AgentChat.Matrix;
using AgentChat.Registry;
using AgentChat.Verbs;

namespace AgentChat.Tasks;

/// <summary>
/// What the task rules need to know about accounts: who is human (the trusted flag from the registry and the
/// humans setting, never a claim in a message), an account's instance name, and what a name typed by a human means.
/// </summary>
public sealed class TaskDirectory(SenderDirectory senders, IReadOnlyList<InstanceInfo> registry)
{
    public bool IsHuman(string userId) => senders.IsHuman(userId);

    public string? InstanceOf(string userId) => senders.InstanceOf(userId);

    /// <summary>The account a typed name means: a full Matrix id, or a registered instance name; null when unknown.</summary>
    public string? Resolve(string name)
    {
        var trimmed = name.Trim().TrimEnd(':', ',', '.');
        if (UserId.TryParse(trimmed, out var id)) return id.Value;
        return RecipientResolver.Find(trimmed, registry)?.UserId;
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
