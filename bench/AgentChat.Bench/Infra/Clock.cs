using System.Diagnostics;

namespace AgentChat.Bench.Infra;

/// <summary>One monotonic clock for the whole run, so timestamps taken on different tasks compare.</summary>
internal static class Clock
{
    private static readonly Stopwatch Origin = Stopwatch.StartNew();

    public static TimeSpan Now => Origin.Elapsed;

    /// <summary>When a stopwatch that is still running was started, on <see cref="Now"/>'s scale.</summary>
    public static TimeSpan ElapsedAtStart(this Stopwatch sw) => Now - sw.Elapsed;
}
