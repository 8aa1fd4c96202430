using System.Text.Json;
using System.Text.Json.Serialization;
using AgentChat.Gateway;

namespace AgentChat.Attachments;

/// <summary>
/// <c>POST /attach</c>: one file, from <see cref="Path"/> (a file on the daemon's host, absolute) or
/// <see cref="ContentBase64"/>, sent as <c>m.file</c>/<c>m.image</c> with the send fields of <c>POST /send</c>;
/// <see cref="Text"/>, when given, is the file's caption.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AttachRequest
{
    public string? Path { get; init; }
    /// <summary>The file's bytes, base64 in the JSON (<c>content_base64</c>); System.Text.Json decodes it straight to bytes.</summary>
    public byte[]? ContentBase64 { get; init; }
    /// <summary>The name shown to readers; default: the path's file name (required with base64 content).</summary>
    public string? Filename { get; init; }
    /// <summary>Default: from the name's extension, else <c>application/octet-stream</c>.</summary>
    public string? Mimetype { get; init; }
    public string? Text { get; init; }
    public string? Kind { get; init; }
    public string? Room { get; init; }
    public string? Dm { get; init; }
    public IReadOnlyList<string>? To { get; init; }
    public string? Thread { get; init; }
    public string? ReplyTo { get; init; }
    public JsonElement? Meta { get; init; }
    public string? TxnId { get; init; }

    /// <summary>The message part, for the one send rule; <paramref name="file"/> is the uploaded file.</summary>
    public SendRequest ToSend(AttachmentRef file) => new()
    {
        Text = Text, Kind = Kind, Room = Room, Dm = Dm, To = To, Thread = Thread, ReplyTo = ReplyTo, Meta = Meta, TxnId = TxnId, Attachment = file,
    };
}
