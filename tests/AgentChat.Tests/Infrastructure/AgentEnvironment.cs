using AgentChat.Configuration;

namespace AgentChat.Tests.Infrastructure;

/// <summary>
/// The settings environment of one test agent, whether its daemon or archive runs in-process or as a cchat process:
/// its account, the shared room, and every directory under its own state dir, so tests never see each other's files.
/// </summary>
internal static class AgentEnvironment
{
    public static Dictionary<string, string> For(SynapseServer server, TestUser user, string room, string stateDir) => new(StringComparer.Ordinal)
    {
        ["AGENTCHAT_HOMESERVER"] = server.Homeserver.ToString(),
        ["AGENTCHAT_USER_ID"] = user.UserId.Value,
        ["AGENTCHAT_ACCESS_TOKEN"] = user.AccessToken,
        ["AGENTCHAT_ROOM"] = room,
        ["AGENTCHAT_STATE_DIR"] = stateDir,
        ["XDG_RUNTIME_DIR"] = RuntimeDir(stateDir),
        ["XDG_CONFIG_HOME"] = Path.Combine(stateDir, "config"),
        ["HOME"] = stateDir,
    };

    public static string RuntimeDir(string stateDir) => Path.Combine(stateDir, "run");

    /// <summary>A fresh state dir under the temp folder, e.g. <c>daemon-1a2b3c4d5e</c>.</summary>
    public static string NewStateDir(string kind) =>
        Path.Combine(Path.GetTempPath(), "agentchat-tests", kind + "-" + Guid.NewGuid().ToString("N")[..10]);

    /// <summary>Settings loaded from <paramref name="variables"/> alone: no process environment, no config file.</summary>
    public static AgentChatSettings Load(IReadOnlyDictionary<string, string> variables, string stateDir) =>
        SettingsLoader.Load(environment: k => variables.GetValueOrDefault(k), configPath: Path.Combine(stateDir, "none.json"));
}
