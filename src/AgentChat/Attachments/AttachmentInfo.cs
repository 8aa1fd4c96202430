namespace AgentChat.Attachments;

/// <summary>
/// A file a message carries, as read from a stranger's <c>m.file</c>/<c>m.image</c>/<c>m.video</c>/<c>m.audio</c>:
/// every field checked (<see cref="AttachmentParser"/>), so a reader may print it as it is.
/// </summary>
public sealed record AttachmentInfo
{
    /// <summary>The file's name, made safe to show and to write: one path component, no control characters, bounded.</summary>
    public required string Name { get; init; }
    /// <summary>The size the sender declared; null when missing or absurd. The download is the truth.</summary>
    public long? Size { get; init; }
    public string? Mimetype { get; init; }
    /// <summary>The <c>mxc://</c> uri; null when the sender gave none a client could fetch (an unencrypted file only).</summary>
    public string? Url { get; init; }
    public required string Msgtype { get; init; }
}
