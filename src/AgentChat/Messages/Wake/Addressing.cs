namespace AgentChat.Messages.Wake;

/// <summary>
/// The one rule for "this message is addressed to this agent", used by the channel push, the hooks and
/// (later) receipts and tasks: someone else wrote it, and it mentions the agent (a task or question
/// <c>--to</c> it mentions it too), or a human's <c>!task @agent</c> names it, or it was sent in a direct
/// room, or it answers in a thread the agent started or posted in, or replies to one of the agent's own
/// messages.
/// </summary>
public static class Addressing
{
    public static bool IsAddressedTo(ChatMessage message, string self, bool inDirectRoom, ThreadParticipation threads, string? instance = null)
    {
        if (message.Sender == self) return false;
        if (message.Mentions.Contains(self)) return true;
        if (HumanTaskCommand.Names(message, self, instance)) return true;
        if (inDirectRoom) return true;
        if (message.Thread is { } thread && threads.Contains(thread)) return true;
        return message.ReplyTo is { } reply && threads.Contains(reply);
    }
}
