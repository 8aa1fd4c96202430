using System.Reflection;

namespace AgentChat.Cli;

internal static class CchatVersion
{
    public static string Value { get; } =
        typeof(CchatVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
