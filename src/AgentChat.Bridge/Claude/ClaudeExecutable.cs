namespace AgentChat.Bridge.Claude;

/// <summary>Whether the configured <c>claude</c> can be found: a path that exists, or a name on PATH.</summary>
internal static class ClaudeExecutable
{
    public static bool Exists(string claude)
    {
        if (claude.Contains('/', StringComparison.Ordinal)) return File.Exists(claude);
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries).Any(d => File.Exists(Path.Combine(d, claude)));
    }
}
