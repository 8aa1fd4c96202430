using AgentChat.Matrix;
using AgentChat.Messages;

namespace AgentChat.Daemon.Reading;

/// <summary>A validated /read request.</summary>
internal sealed record ReadQuery(long? Since, int Limit, RoomId? Room, string? Kind, bool MentionsMe, TimeSpan Wait)
{
    public bool Matches(ChatMessage message, UserId self) =>
        (Room is null || message.RoomId == Room.Value.Value)
        && (Kind is null || message.Kind == Kind)
        && (!MentionsMe || message.Mentions.Contains(self.Value));
}
