using AgentChat.Matrix;

namespace AgentChat.Hosting.Rooms;

/// <summary>
/// Who may pull this agent into a room. Default: accounts on its own homeserver. A configured list takes
/// user ids (<c>@ops:example.org</c>) and whole servers (<c>:example.org</c> or <c>example.org</c>).
/// The list can change while the daemon runs (its allow-list watcher calls <see cref="Update"/>).
/// </summary>
public sealed class InvitePolicy(UserId self, IReadOnlyList<string> allowed)
{
    private volatile IReadOnlyList<string> _allowed = allowed;

    /// <summary>The account being invited.</summary>
    public UserId Self => self;

    public IReadOnlyList<string> Allowed => _allowed;

    /// <summary>Replaces the list; true when it differs from the one in force.</summary>
    public bool Update(IReadOnlyList<string> allowed)
    {
        if (allowed.SequenceEqual(_allowed, StringComparer.Ordinal)) return false;
        _allowed = allowed;
        return true;
    }

    public bool Allows(UserId inviter)
    {
        var allowed = _allowed;
        if (allowed.Count == 0) return inviter.ServerName == self.ServerName;
        foreach (var rule in allowed)
        {
            if (rule == inviter.Value) return true;
            var server = rule.TrimStart(':');
            if (!rule.StartsWith('@') && server == inviter.ServerName) return true;
        }
        return false;
    }
}
