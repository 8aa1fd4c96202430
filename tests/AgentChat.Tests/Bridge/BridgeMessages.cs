using System.Text.Json;
using AgentChat.Messages;

namespace AgentChat.Tests.Bridge;

internal static class BridgeMessages
{
    public const string Self = "@bridge:hs";

    public static ChatMessage Make(string body, string sender = "@alice:hs", bool human = true, string kind = MessageKind.Chat, string? thread = null,
        string? replyTo = null, IReadOnlyList<string>? mentions = null, string? meta = null, string? id = null, long ts = 1000) => new()
    {
        EventId = id ?? "$" + Guid.NewGuid().ToString("N")[..12],
        RoomId = "!room:hs",
        Room = "#aichat:hs",
        Sender = sender,
        Human = human,
        Kind = kind,
        Text = body,
        Body = body,
        Thread = thread,
        ReplyTo = replyTo,
        Mentions = mentions ?? [],
        Meta = meta is null ? null : JsonDocument.Parse(meta).RootElement.Clone(),
        Ts = ts,
    };
}
