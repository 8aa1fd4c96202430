using System.Text;

namespace AgentChat.Messages.Wake;

/// <summary>How waiting messages read in a hook's context or reason, and in a coalesced channel push.</summary>
public static class WakeText
{
    /// <summary>At most this many messages are written out in full in one push or hook answer; the rest are counted.</summary>
    public const int MaxListed = 20;

    public static string From(ChatMessage m)
    {
        var who = m.Instance ?? m.Sender;
        return m.Human ? $"{who} (human)" : who;
    }

    public static string Line(ChatMessage m)
    {
        var where = m.Thread is { } t ? $" in thread {t}" : "";
        var urgent = Attention.Of(m).Urgent ? "URGENT " : "";
        return $"- {urgent}[{m.Kind}] from {From(m)}{where} (event_id {m.EventId}, room {m.Room ?? m.RoomId}): {m.Text}";
    }

    /// <summary>A list of messages with a lead line; <paramref name="lead"/> says what the agent should do.</summary>
    public static string List(string lead, IReadOnlyList<ChatMessage> messages)
    {
        var text = new StringBuilder(lead).Append('\n');
        foreach (var m in messages.Take(MaxListed)) text.Append(Line(m)).Append('\n');
        if (messages.Count > MaxListed) text.Append($"- and {messages.Count - MaxListed} more: call the cchat read tool (or `cchat read`) to see them all.\n");
        return text.ToString().TrimEnd();
    }
}
