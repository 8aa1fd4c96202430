namespace AgentChat.Verbs;

/// <summary>
/// One request's time for the lookups made before sending (addressees, the registry, the room): each gets at most
/// its own cap, and all of them together no more than what is left of the request's bound, so ten unknown
/// addressees against a hanging homeserver still answer within one bound. With nothing left a lookup is not
/// tried at all and counts as one that timed out.
/// </summary>
public sealed class LookupBudget(TimeProvider time, TimeSpan perLookup, TimeSpan total)
{
    private readonly long _started = time.GetTimestamp();

    /// <summary>What is left of the whole request's bound (<see cref="Timeout.InfiniteTimeSpan"/> when unbounded).</summary>
    public TimeSpan Remaining
    {
        get
        {
            if (total == Timeout.InfiniteTimeSpan) return total;
            var left = total - time.GetElapsedTime(_started);
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>The next lookup's time: its own cap, or what is left of the request's bound when that is less.</summary>
    public TimeSpan Next()
    {
        var left = Remaining;
        if (left == Timeout.InfiniteTimeSpan) return perLookup;
        return perLookup == Timeout.InfiniteTimeSpan || left < perLookup ? left : perLookup;
    }
}
