using System.Text.Json;

namespace AgentChat.Attachments;

/// <summary>
/// The file of an <c>m.room.message</c>, read totally: the content is a stranger's JSON, so missing or wrong-typed
/// <c>info</c>, negative or absurd sizes, huge or hostile names and urls other than <c>mxc://</c> each degrade
/// one field; only a message that is no file at all gives null.
/// </summary>
public static class AttachmentParser
{
    /// <summary>No homeserver stores a file past this (a terabyte); a larger declared size is noise.</summary>
    private const long MaxPlausibleSize = 1L << 40;

    public static readonly IReadOnlySet<string> FileMsgtypes = new HashSet<string>(StringComparer.Ordinal) { "m.file", "m.image", "m.video", "m.audio" };

    public static AttachmentInfo? TryParse(JsonElement content)
    {
        if (content.ValueKind != JsonValueKind.Object) return null;
        var msgtype = Str(content, "msgtype");
        if (msgtype is null || !FileMsgtypes.Contains(msgtype)) return null;
        var info = content.TryGetProperty("info", out var i) && i.ValueKind == JsonValueKind.Object ? i : default;
        // Matrix 1.10: "filename" is the file's name; "body" is a caption when the two differ, else the name.
        var name = Str(content, "filename") ?? Str(content, "body");
        var size = info.ValueKind == JsonValueKind.Object && info.TryGetProperty("size", out var s) && s.ValueKind == JsonValueKind.Number
                   && s.TryGetInt64(out var n) && n is >= 0 and <= MaxPlausibleSize ? n : (long?)null;
        var mimetype = info.ValueKind == JsonValueKind.Object ? Str(info, "mimetype") : null;
        return new AttachmentInfo
        {
            Name = FileNames.Sanitize(name),
            Size = size,
            Mimetype = mimetype is not null && MimeTypes.IsValid(mimetype) ? mimetype : null,
            Url = MxcUri.TryParse(Str(content, "url"))?.ToString(),
            Msgtype = msgtype,
        };
    }

    private static string? Str(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String) return null;
        try
        {
            return v.GetString();
        }
        catch (InvalidOperationException)
        {
            return null; // text that cannot be a .NET string (a lone surrogate escape)
        }
    }
}
