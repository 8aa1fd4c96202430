using System.Reflection;

namespace AgentChat;

/// <summary>The version every part reports (registry entries, /status, MCP), without the commit suffix.</summary>
public static class AgentChatVersion
{
    public static string Value { get; } =
        typeof(AgentChatVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
