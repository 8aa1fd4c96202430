using AgentChat.Matrix;

namespace AgentChat.Daemon.Rooms;

/// <summary>
/// Who may pull this agent into a room. Default: accounts on its own homeserver. A configured list takes
/// user ids (<c>@ops:example.org</c>) and whole servers (<c>:example.org</c> or <c>example.org</c>).
/// </summary>
internal sealed class InvitePolicy(UserId self, IReadOnlyList<string> allowed)
{
    public bool Allows(UserId inviter)
    {
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
