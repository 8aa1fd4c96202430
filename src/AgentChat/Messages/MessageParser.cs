using System.Text.Json;
using AgentChat.Matrix;

namespace AgentChat.Messages;

/// <summary>Reads an <c>m.room.message</c> event as a <see cref="ChatMessage"/>: agent or human, kind, relations.</summary>
public static class MessageParser
{
    public static ChatMessage? TryParse(MatrixEvent e, RoomId room, string? roomAlias = null)
    {
        if (e.Type != "m.room.message" || e.EventId is not { } eventId || e.Sender is not { } sender) return null;
        var content = e.Content;
        if (content.ValueKind != JsonValueKind.Object) return null;
        var body = e.ContentString("body");
        if (body is null) return null; // redacted or not a text message

        JsonElement? meta = content.TryGetProperty(MessageComposer.MetaKey, out var m) && m.ValueKind == JsonValueKind.Object ? m.Clone() : null;
        var (prefixKind, text) = MessageKind.FromBody(body);
        var kind = meta is { } mm && mm.TryGetProperty("kind", out var k) && MessageKind.IsValid(k.GetString()) ? k.GetString()! : prefixKind;
        if (meta is not null && MessageKind.Prefix(kind) is null) text = body;
        if (meta is not null) text = AddresseeLead.Strip(text);
        var instance = meta is { } mi && mi.TryGetProperty("instance", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;

        string? thread = null, replyTo = null;
        if (content.TryGetProperty("m.relates_to", out var rel) && rel.ValueKind == JsonValueKind.Object)
        {
            if (rel.TryGetProperty("rel_type", out var type) && type.ValueEquals("m.thread") && rel.TryGetProperty("event_id", out var root))
                thread = root.GetString();
            var fallingBack = rel.TryGetProperty("is_falling_back", out var fb) && fb.ValueKind == JsonValueKind.True;
            if (!fallingBack && rel.TryGetProperty("m.in_reply_to", out var inReply) && inReply.ValueKind == JsonValueKind.Object
                && inReply.TryGetProperty("event_id", out var replyId))
                replyTo = replyId.GetString();
        }

        var mentions = new List<string>();
        if (content.TryGetProperty("m.mentions", out var men) && men.ValueKind == JsonValueKind.Object
            && men.TryGetProperty("user_ids", out var ids) && ids.ValueKind == JsonValueKind.Array)
        {
            foreach (var id in ids.EnumerateArray())
                if (id.ValueKind == JsonValueKind.String) mentions.Add(id.GetString()!);
        }

        return new ChatMessage
        {
            EventId = eventId.Value,
            RoomId = room.Value,
            Room = roomAlias,
            Sender = sender.Value,
            Instance = instance,
            Human = meta is null,
            Kind = kind,
            Text = text,
            Body = body,
            Ts = e.OriginServerTs,
            Thread = thread,
            ReplyTo = replyTo,
            Mentions = mentions,
            Meta = meta,
        };
    }
}
