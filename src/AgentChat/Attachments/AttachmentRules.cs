using AgentChat.Verbs;

namespace AgentChat.Attachments;

/// <summary>What makes a file reference in a send well-formed: what our own reader would show unchanged.</summary>
public static class AttachmentRules
{
    public static void Validate(AttachmentRef file)
    {
        if (MxcUri.TryParse(file.Url) is null) throw VerbException.BadRequest("bad_attachment", "\"attachment.url\" must be an mxc://server/media-id uri from an upload");
        if (file.Name is null || FileNames.Sanitize(file.Name) != file.Name)
            throw VerbException.BadRequest("bad_attachment", "\"attachment.name\" must be a plain file name (no path, no control characters, no leading dot)");
        if (file.Mimetype is { } m && !MimeTypes.IsValid(m)) throw VerbException.BadRequest("bad_attachment", "\"attachment.mimetype\" must look like type/subtype");
        if (file.Size is < 0) throw VerbException.BadRequest("bad_attachment", "\"attachment.size\" must not be negative");
    }

    /// <summary>
    /// Checks the message part of an <c>/attach</c> and where its bytes come from before anything is uploaded, so a
    /// bad kind or a missing file never costs an upload. Returns the source.
    /// </summary>
    public static AttachmentSource Source(AttachRequest request)
    {
        SendRules.Validate(request.ToSend(new AttachmentRef { Url = "mxc://check/check", Name = "check" }));
        return (request.Path, request.ContentBase64) switch
        {
            ({ } path, null) when System.IO.Path.IsPathFullyQualified(path) => AttachmentSource.FromPath(path, request.Filename),
            ({ }, null) => throw VerbException.BadRequest("bad_path", "\"path\" must be absolute: the daemon does not share the caller's working directory"),
            (null, { } bytes) => AttachmentSource.FromBytes(bytes, request.Filename),
            (null, null) => throw VerbException.BadRequest("no_file", "give \"path\" (a file on this host) or \"content_base64\""),
            _ => throw VerbException.BadRequest("conflicting_file", "give \"path\" or \"content_base64\", not both"),
        };
    }

    /// <summary>The Matrix msgtype for a file of this mimetype: <c>m.image</c> for what clients show inline, else <c>m.file</c>.</summary>
    public static string Msgtype(AttachmentRef file) => file.Mimetype is { } m && MimeTypes.IsInlineImage(m) ? "m.image" : "m.file";
}
