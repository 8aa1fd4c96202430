using AgentChat.Matrix;
using AgentChat.Verbs;

namespace AgentChat.Attachments;

/// <summary>
/// The file of one message, opened for download through the authenticated media API: the event is read from the
/// room, its file checked as any stranger's (<see cref="AttachmentParser"/>), then its bytes streamed. Shared by
/// the daemon's <c>GET /media</c> and the CLI's direct mode.
/// </summary>
public static class MediaFetch
{
    public static async Task<(AttachmentInfo File, MediaDownload Download)> OpenAsync(MatrixClient client, RoomId room, string eventId, CancellationToken ct)
    {
        if (!eventId.StartsWith('$') || eventId.Length > 255) throw VerbException.BadRequest("bad_event_id", "give the message's event id ($...)");
        MatrixEvent e;
        try
        {
            e = await client.GetEventAsync(room, new EventId(eventId), ct);
        }
        catch (MatrixException x) when (x.ErrCode == MatrixErrorCodes.NotFound)
        {
            throw new VerbException(404, "not_found", $"no message {eventId} in {room} (name its room with --room)");
        }
        var file = e.Type == EventTypes.RoomMessage ? AttachmentParser.TryParse(e.Content) : null;
        if (file is null) throw new VerbException(404, "not_attachment", $"{eventId} carries no file (no m.file, m.image, m.video or m.audio)");
        if (MxcUri.TryParse(file.Url) is not { } mxc)
            throw new VerbException(422, "bad_attachment", $"{eventId} names no mxc:// uri to download (an encrypted or malformed file)");
        try
        {
            return (file, await client.DownloadAsync(mxc.Server, mxc.MediaId, ct));
        }
        catch (MatrixException x) when (x.ErrCode == MatrixErrorCodes.NotFound || x.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw new VerbException(404, "media_not_found", $"the homeserver has no file at {mxc} (removed, or never uploaded)");
        }
    }
}
