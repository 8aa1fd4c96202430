using System.Text.Json;
using AgentChat.Matrix;

namespace AgentChat.Messages;

/// <summary>A message an agent sends, before it becomes an <c>m.room.message</c> event.</summary>
public sealed record OutgoingMessage
{
    public required string Text { get; init; }
    public string Kind { get; init; } = MessageKind.Chat;
    public required string Instance { get; init; }
    public IReadOnlyList<UserId> Mentions { get; init; } = [];
    /// <summary>Whom the message is for: named at the start of the body and as mention pills, so humans see it too.</summary>
    public IReadOnlyList<Addressee> To { get; init; } = [];
    public EventId? Thread { get; init; }
    public EventId? ReplyTo { get; init; }
    /// <summary>Extra machine fields for <c>com.aiagentchat.meta</c>; must be a JSON object.</summary>
    public JsonElement? Meta { get; init; }
    /// <summary>A file in the media repository: the message is <c>m.file</c>/<c>m.image</c>, <see cref="Text"/> (when any) its caption.</summary>
    public Attachments.AttachmentRef? Attachment { get; init; }
}
