namespace AgentChat.Hosting.Sync;

/// <summary>Exponential backoff with full jitter: 0.5 s, 1 s, 2 s … capped.</summary>
public static class Backoff
{
    public static TimeSpan Next(int failures, TimeSpan cap, TimeSpan? serverAsked = null)
    {
        var ceiling = Math.Min(cap.TotalMilliseconds, 500 * Math.Pow(2, Math.Min(failures - 1, 16)));
        var jittered = ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2;
        var wait = TimeSpan.FromMilliseconds(jittered);
        return serverAsked is { } asked && asked > wait ? asked : wait;
    }
}
