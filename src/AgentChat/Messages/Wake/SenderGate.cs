namespace AgentChat.Messages.Wake;

/// <summary>
/// Who may wake the agent: accounts on its own homeserver, and those listed in <c>AGENTCHAT_CHANNEL_ALLOW</c>
/// (comma or space separated user ids, or <c>:server</c> for a whole server). Anything else is a stranger,
/// whose text must not reach the model as a prompt.
/// </summary>
public sealed class SenderGate
{
    public const string Variable = "AGENTCHAT_CHANNEL_ALLOW";

    private readonly string _ownServer;
    private readonly HashSet<string> _users = new(StringComparer.Ordinal);
    private readonly HashSet<string> _servers = new(StringComparer.OrdinalIgnoreCase);

    public SenderGate(string selfUserId, string? allow)
    {
        _ownServer = ServerOf(selfUserId) ?? "";
        foreach (var entry in (allow ?? "").Split([',', ' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry.StartsWith(':') && entry.Length > 1) _servers.Add(entry[1..]);
            else if (entry.StartsWith('@')) _users.Add(entry);
        }
    }

    public bool Allows(string sender) =>
        _users.Contains(sender) || ServerOf(sender) is { } server && (server.Equals(_ownServer, StringComparison.OrdinalIgnoreCase) || _servers.Contains(server));

    private static string? ServerOf(string userId)
    {
        var colon = userId.IndexOf(':', StringComparison.Ordinal);
        return userId.StartsWith('@') && colon > 1 && colon < userId.Length - 1 ? userId[(colon + 1)..] : null;
    }
}
