namespace AgentChat.Attachments;

/// <summary>
/// A file already in the media repository, as a send names it (<c>attachment</c> in <c>POST /send</c>): the
/// message becomes <c>m.file</c> or <c>m.image</c> pointing at <see cref="Url"/>.
/// </summary>
public sealed record AttachmentRef
{
    /// <summary>The <c>mxc://server/media-id</c> uri the upload answered.</summary>
    public string? Url { get; init; }
    public string? Name { get; init; }
    public string? Mimetype { get; init; }
    public long? Size { get; init; }
}
