namespace AgentChat.Matrix;

/// <summary>Tuning for <see cref="MatrixClient"/>; the defaults suit an agent on a LAN.</summary>
public sealed class MatrixClientOptions
{
    /// <summary>Budget for one ordinary request, connection included.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Added to a /sync long-poll's own timeout, so the poll is never cut short by the client.</summary>
    public TimeSpan LongPollGrace { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many times one call waits out <c>M_LIMIT_EXCEEDED</c> before giving up.</summary>
    public int MaxRateLimitRetries { get; set; } = 8;

    /// <summary>The longest single wait on <c>retry_after_ms</c>; longer requests surface as the exception.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);
}
