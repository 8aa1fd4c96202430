namespace AgentChat.Tests.Infrastructure;

internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string SynapseScript => Path.Combine(Root, "scripts", "synapse.sh");

    public static string PostgresScript => Path.Combine(Root, "scripts", "postgres.sh");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AgentChat.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException($"AgentChat.slnx not found above {AppContext.BaseDirectory}");
    }
}
