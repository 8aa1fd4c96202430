using AgentChat.Messages;

namespace AgentChat.Tasks;

/// <summary>The threads of a room from its messages: last activity first, with what <c>self</c> has not read.</summary>
public static class ThreadIndex
{
    /// <param name="readUpTo">The event this account has read up to (its <c>m.fully_read</c>); null or not among the messages: all unread.</param>
    public static IReadOnlyList<ThreadSummary> Build(IReadOnlyList<ChatMessage> oldestFirst, string self, string? readUpTo)
    {
        var readThrough = readUpTo is null ? -1 : IndexOf(oldestFirst, readUpTo);
        var roots = new Dictionary<string, ChatMessage>(StringComparer.Ordinal);
        var threads = new Dictionary<string, List<(ChatMessage Message, int Index)>>(StringComparer.Ordinal);
        for (var i = 0; i < oldestFirst.Count; i++)
        {
            var m = oldestFirst[i];
            if (m.Thread is { } thread)
            {
                if (!threads.TryGetValue(thread, out var list)) threads[thread] = list = [];
                list.Add((m, i));
            }
            else roots[m.EventId] = m;
        }
        return threads.Select(t =>
        {
            var root = roots.GetValueOrDefault(t.Key);
            var last = t.Value[^1].Message;
            var everyone = (root is null ? [] : new[] { root.Sender }).Concat(t.Value.Select(r => r.Message.Sender));
            return new ThreadSummary
            {
                Id = t.Key,
                RoomId = last.RoomId,
                RootSender = root?.Sender,
                RootText = root?.Text,
                RootKind = root?.Kind,
                Replies = t.Value.Count,
                Participants = everyone.Distinct(StringComparer.Ordinal).ToList(),
                LastTs = last.Ts,
                LastEventId = last.EventId,
                Unread = t.Value.Count(r => r.Index > readThrough && r.Message.Sender != self),
            };
        }).OrderByDescending(t => t.LastTs).ThenBy(t => t.Id, StringComparer.Ordinal).ToList();
    }

    private static int IndexOf(IReadOnlyList<ChatMessage> messages, string eventId)
    {
        for (var i = messages.Count - 1; i >= 0; i--)
            if (messages[i].EventId == eventId) return i;
        return -1;
    }
}
