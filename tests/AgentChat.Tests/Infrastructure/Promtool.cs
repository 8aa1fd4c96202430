namespace AgentChat.Tests.Infrastructure;

/// <summary>Prometheus's own checker (Debian's prometheus package), run on real exposition text and real queries.</summary>
internal static class Promtool
{
    public static string Path { get; } = Find("promtool");

    public static string PrometheusPath { get; } = Find("prometheus");

    /// <summary><c>promtool check metrics</c> on <paramref name="exposition"/>: its exit code and what it found.</summary>
    public static async Task<ProcessRunner.Result> CheckMetricsAsync(string exposition) =>
        await ProcessRunner.RunAsync(Path, ["check", "metrics"], TimeSpan.FromSeconds(60), stdin: exposition);

    private static string Find(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
        {
            var candidate = System.IO.Path.Combine(dir, tool);
            if (File.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException(
            $"{tool} is not installed: run `apt-get install prometheus` (Debian's package brings prometheus and promtool), or scripts/test.sh, which installs it");
    }
}
