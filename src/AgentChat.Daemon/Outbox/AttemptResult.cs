namespace AgentChat.Daemon.Outbox;

/// <summary>One try: an outcome, or none when the homeserver could not be reached (with how long it asked us to wait).</summary>
internal readonly record struct AttemptResult(SendOutcome? Outcome, TimeSpan? RetryAfter = null);
