using System.Text.Json;
using AgentChat.Matrix;
using AgentChat.Registry;

namespace AgentChat.Messages;

/// <summary>
/// Reads an <c>m.room.message</c> event as a <see cref="ChatMessage"/>. Total: the content is a stranger's JSON,
/// so a missing or wrong-typed field degrades that field only. Who sent it comes from the sender and the
/// <see cref="SenderDirectory"/>, never from what the content claims.
/// </summary>
public static class MessageParser
{
    private const int MaxMetaDepth = 32;

    /// <summary>
    /// The messages among <paramref name="events"/>, each parsed on its own: an event that still throws is
    /// passed to <paramref name="skipped"/> and left out, and the rest are read.
    /// </summary>
    public static IEnumerable<ChatMessage> ParseAll(
        IEnumerable<MatrixEvent> events, RoomId room, string? roomAlias, SenderDirectory senders, Action<MatrixEvent, Exception>? skipped = null)
    {
        foreach (var e in events)
        {
            ChatMessage? message;
            try
            {
                message = TryParse(e, room, roomAlias, senders);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException) // one stranger's event must not stop the reader of all the others
            {
                skipped?.Invoke(e, ex);
                continue;
            }
            if (message is not null) yield return message;
        }
    }

    public static ChatMessage? TryParse(MatrixEvent e, RoomId room, string? roomAlias, SenderDirectory senders)
    {
        if (e.Type != EventTypes.RoomMessage || e.EventId is not { } eventId || e.Sender is not { } sender) return null;
        if (string.IsNullOrEmpty(eventId.Value) || string.IsNullOrEmpty(sender.Value)) return null;
        var content = e.Content;
        if (content.ValueKind != JsonValueKind.Object) return null;
        JsonElement? meta = content.TryGetProperty(MessageComposer.MetaKey, out var m) && m.ValueKind == JsonValueKind.Object ? m : null;
        var body = JsonFields.String(content, "body");
        // Without a body string, only what still says it is a message counts; a redacted event has empty content.
        if (body is null && JsonFields.String(content, "msgtype") is null && meta is null) return null;
        body ??= "";

        var instance = senders.InstanceOf(sender.Value);
        var claimed = meta is { } mi ? JsonFields.String(mi, "instance") : null;
        var spoofed = claimed is not null && claimed != instance;

        var (prefixKind, text) = MessageKind.FromBody(body);
        string kind;
        if (instance is null)
        {
            // Not an agent: its meta is no agent's word, and its text is shown as written.
            kind = prefixKind;
            text = body;
        }
        else
        {
            kind = meta is { } mk && JsonFields.String(mk, "kind") is { } k && MessageKind.IsValid(k) ? k : prefixKind;
            if (meta is not null && MessageKind.Prefix(kind) is null) text = body;
            if (meta is not null) text = AddresseeLead.Strip(text);
        }

        string? thread = null, replyTo = null;
        if (content.TryGetProperty("m.relates_to", out var rel) && rel.ValueKind == JsonValueKind.Object)
        {
            if (JsonFields.String(rel, "rel_type") == "m.thread") thread = JsonFields.String(rel, "event_id");
            var fallingBack = rel.TryGetProperty("is_falling_back", out var fb) && fb.ValueKind == JsonValueKind.True;
            if (!fallingBack && rel.TryGetProperty("m.in_reply_to", out var inReply)) replyTo = JsonFields.String(inReply, "event_id");
        }

        var mentions = content.TryGetProperty("m.mentions", out var men) ? JsonFields.Strings(men, "user_ids") : [];

        // Meta is passed on as it came, unless it nests so deep that a reader's JSON limits (64 levels) would refuse the answer holding it.
        if (meta is { } passed) meta = JsonFields.DepthAtMost(passed, MaxMetaDepth) ? passed.Clone() : null;

        return new ChatMessage
        {
            EventId = eventId.Value,
            RoomId = room.Value,
            Room = roomAlias,
            Sender = sender.Value,
            Instance = instance,
            ClaimedInstance = spoofed ? claimed : null,
            Spoofed = spoofed,
            Human = senders.IsHuman(sender.Value),
            Kind = kind,
            Text = text,
            Body = body,
            Ts = e.OriginServerTs,
            Thread = thread,
            ReplyTo = replyTo,
            Mentions = mentions,
            Meta = meta,
            Attachment = Attachments.AttachmentParser.TryParse(content),
        };
    }
}
