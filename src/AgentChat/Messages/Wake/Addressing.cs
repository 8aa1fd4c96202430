using System.Text.Json;

namespace AgentChat.Messages.Wake;

/// <summary>
/// The one rule for "this message is addressed to this agent", used by the channel push and the hooks:
/// someone else wrote it, and it mentions the agent (a task or question
/// <c>--to</c> it mentions it too), or a human's <c>!task @agent</c> names it, or it was sent in a direct
/// room, or it answers in a thread the agent started or posted in, or replies to one of the agent's own
/// messages. A status message (<c>m.notice</c>) wakes no one unless it mentions the agent, and AgentChat's
/// own notices (<c>meta.notice</c>) never do: they are automated, and waking on them starts loops.
/// </summary>
public static class Addressing
{
    public static bool IsAddressedTo(ChatMessage message, string self, bool inDirectRoom, ThreadParticipation threads, string? instance = null)
    {
        if (message.Sender == self) return false;
        if (message.Kind == MessageKind.Status) return !IsAutomatedNotice(message) && message.Mentions.Contains(self);
        if (message.Mentions.Contains(self)) return true;
        if (HumanTaskCommand.Names(message, self, instance)) return true;
        if (inDirectRoom) return true;
        if (message.Thread is { } thread && threads.Contains(thread)) return true;
        return message.ReplyTo is { } reply && threads.Contains(reply);
    }

    private static bool IsAutomatedNotice(ChatMessage message) =>
        message.Meta is { ValueKind: JsonValueKind.Object } meta && meta.TryGetProperty(Observed.NoticeField, out var notice)
        && notice.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);
}
