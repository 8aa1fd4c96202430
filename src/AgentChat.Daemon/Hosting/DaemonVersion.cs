using System.Reflection;

namespace AgentChat.Daemon.Hosting;

internal static class DaemonVersion
{
    public static string Value { get; } =
        typeof(DaemonVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
