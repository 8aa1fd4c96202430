namespace AgentChat.Messages.Wake;

/// <summary>
/// What of a batch of addressed messages deserves the agent's attention now: the expired and the superseded
/// (by a later message in the batch, or by one already delivered) are dropped, and the urgent come first,
/// each group oldest first.
/// </summary>
public static class WakeSelection
{
    public static IReadOnlyList<ChatMessage> Select(IEnumerable<ChatMessage> batch, DateTimeOffset now, Func<string, bool>? supersededElsewhere = null)
    {
        var list = batch.ToList();
        var superseded = new HashSet<string>(list.Select(m => Attention.Of(m).Supersedes).OfType<string>(), StringComparer.Ordinal);
        return list
            .Where(m => !superseded.Contains(m.EventId) && supersededElsewhere?.Invoke(m.EventId) != true && !Attention.Of(m).ExpiredAt(now))
            .OrderByDescending(m => Attention.Of(m).Urgent)
            .ThenBy(m => m.Ts)
            .ToList();
    }
}
