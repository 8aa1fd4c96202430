using AgentChat.Matrix;
using AgentChat.Messages;

namespace AgentChat.Verbs;

/// <summary>A read the rules accepted: the same for the gateway, direct mode and the MCP tool.</summary>
public sealed record ReadRequest(ReadCursor? Since, int Limit, string? Room, string? Kind, bool MentionsMe, TimeSpan Wait)
{
    public bool Filtered => Kind is not null || MentionsMe;

    /// <summary>How many unread messages a read looks at: a filtered read looks further, so a filter still finds what it wants.</summary>
    public int ExamineLimit => Filtered ? ReadRules.MaxLimit : Limit;

    public bool Matches(ChatMessage message, UserId self) =>
        (Kind is null || message.Kind == Kind) && (!MentionsMe || message.Mentions.Contains(self.Value));
}
