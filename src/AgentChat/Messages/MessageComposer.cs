using System.Buffers;
using System.Net;
using System.Text.Json;

namespace AgentChat.Messages;

/// <summary>
/// Turns an <see cref="OutgoingMessage"/> into <c>m.room.message</c> content every Matrix client shows well:
/// a prefixed plain body, sanitised HTML, <c>m.mentions</c>, thread or reply relations, and
/// <c>com.aiagentchat.meta</c> for machines.
/// </summary>
public static class MessageComposer
{
    public const string MetaKey = "com.aiagentchat.meta";
    public const int MetaVersion = 1;

    /// <summary>The largest content accepted: the 65,536-byte event limit less room for the event's envelope.</summary>
    public const int MaxContentBytes = 60_000;

    public static byte[] Compose(OutgoingMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>(512 + message.Text.Length * 2);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            var prefix = MessageKind.Prefix(message.Kind);
            if (message.Attachment is { } file) WriteFile(json, file, prefix, message);
            else
            {
                json.WriteString("msgtype", message.Kind == MessageKind.Status ? "m.notice" : "m.text");
                json.WriteString("body", PlainLead(prefix, message.To) + message.Text);
                json.WriteString("format", "org.matrix.custom.html");
                json.WriteString("formatted_body", FormattedBody(prefix, message.To, message.Text));
            }

            json.WriteStartObject("m.mentions");
            json.WriteStartArray("user_ids");
            foreach (var user in message.To.Select(a => a.UserId).Concat(message.Mentions).Distinct()) json.WriteStringValue(user.Value);
            json.WriteEndArray();
            json.WriteEndObject();

            WriteRelation(json, message);
            WriteMeta(json, message);
            json.WriteEndObject();
        }
        if (buffer.WrittenCount > MaxContentBytes) throw new MessageTooLargeException(buffer.WrittenCount, MaxContentBytes);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// <c>m.file</c>/<c>m.image</c> (Matrix 1.10 media captions): <c>filename</c> is the file's name, and <c>body</c>
    /// the caption (kind, addressees, text) when there is one, else the name as well, which clients take for "no caption".
    /// </summary>
    private static void WriteFile(Utf8JsonWriter json, Attachments.AttachmentRef file, string? prefix, OutgoingMessage message)
    {
        var name = file.Name!;
        json.WriteString("msgtype", Attachments.AttachmentRules.Msgtype(file));
        var lead = PlainLead(prefix, message.To);
        var caption = message.Text.Length > 0 || lead.Length > 0;
        json.WriteString("body", caption ? lead + (message.Text.Length > 0 ? message.Text : name) : name);
        if (caption)
        {
            json.WriteString("format", "org.matrix.custom.html");
            json.WriteString("formatted_body", FormattedBody(prefix, message.To, message.Text.Length > 0 ? message.Text : name));
        }
        json.WriteString("filename", name);
        json.WriteString("url", file.Url);
        json.WriteStartObject("info");
        if (file.Size is { } size) json.WriteNumber("size", size);
        if (file.Mimetype is { } mimetype) json.WriteString("mimetype", mimetype);
        json.WriteEndObject();
    }

    /// <summary><c>[TASK] @beta @gamma: </c>: the kind and the addressees, as the plain body starts.</summary>
    private static string PlainLead(string? prefix, IReadOnlyList<Addressee> to)
    {
        var lead = prefix is null ? "" : prefix + " ";
        return to.Count == 0 ? lead : lead + string.Join(' ', to.Select(a => "@" + a.Label)) + ": ";
    }

    private static string FormattedBody(string? prefix, IReadOnlyList<Addressee> to, string text)
    {
        var html = MarkdownRenderer.ToHtml(text);
        // A lone paragraph reads better inline after the prefix.
        if (html.StartsWith("<p>", StringComparison.Ordinal) && html.EndsWith("</p>", StringComparison.Ordinal)
            && html.IndexOf("<p>", 3, StringComparison.Ordinal) < 0)
            html = html[3..^4];
        var lead = prefix is null ? "" : $"<strong>{WebUtility.HtmlEncode(prefix)}</strong> ";
        if (to.Count > 0) lead += string.Join(' ', to.Select(Pill)) + ": ";
        return lead + html;
    }

    /// <summary>A mention pill: clients show a matrix.to link to a user as the user's name, highlighted.</summary>
    private static string Pill(Addressee a) =>
        $"<a href=\"https://matrix.to/#/{WebUtility.HtmlEncode(a.UserId.Value)}\">{WebUtility.HtmlEncode(a.Label)}</a>";

    private static void WriteRelation(Utf8JsonWriter json, OutgoingMessage message)
    {
        if (message.Thread is { } thread)
        {
            json.WriteStartObject("m.relates_to");
            json.WriteString("rel_type", "m.thread");
            json.WriteString("event_id", thread.Value);
            // Clients without threads show the message as a reply: to the named event, else the root.
            json.WriteBoolean("is_falling_back", message.ReplyTo is null);
            json.WriteStartObject("m.in_reply_to");
            json.WriteString("event_id", (message.ReplyTo ?? thread).Value);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        else if (message.ReplyTo is { } reply)
        {
            json.WriteStartObject("m.relates_to");
            json.WriteStartObject("m.in_reply_to");
            json.WriteString("event_id", reply.Value);
            json.WriteEndObject();
            json.WriteEndObject();
        }
    }

    private static void WriteMeta(Utf8JsonWriter json, OutgoingMessage message)
    {
        json.WriteStartObject(MetaKey);
        json.WriteNumber("v", MetaVersion);
        json.WriteString("instance", message.Instance);
        json.WriteString("kind", message.Kind);
        if (message.Meta is { ValueKind: JsonValueKind.Object } extra)
        {
            foreach (var field in extra.EnumerateObject())
            {
                if (field.Name is "v" or "instance" or "kind") continue; // ours; the sender cannot forge them
                field.WriteTo(json);
            }
        }
        json.WriteEndObject();
    }
}
