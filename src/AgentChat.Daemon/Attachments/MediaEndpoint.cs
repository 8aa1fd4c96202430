using AgentChat.Attachments;
using AgentChat.Hosting.Gateway;
using AgentChat.Matrix;
using AgentChat.Rooms;
using AgentChat.Verbs;
using Microsoft.AspNetCore.Http;

namespace AgentChat.Daemon.Attachments;

/// <summary>
/// GET /media?event_id=&amp;room=: the file of one message, streamed from the homeserver's authenticated media API.
/// What the message said of the file, checked (<see cref="AttachmentParser"/>), rides in headers: the name
/// percent-encoded (<see cref="NameHeader"/>), the declared mimetype, the declared size.
/// </summary>
internal static class MediaEndpoint
{
    public const string NameHeader = "X-AgentChat-Filename";
    public const string MimetypeHeader = "X-AgentChat-Mimetype";
    public const string SizeHeader = "X-AgentChat-Size";

    public static async Task<IResult> HandleAsync(HttpContext context, string? event_id, string? room, MatrixClient client, RoomResolver rooms,
        DaemonIdentity identity, CancellationToken ct)
    {
        MediaDownload download;
        AttachmentInfo file;
        try
        {
            if (event_id is null) throw VerbException.BadRequest("bad_event_id", "give event_id, the message's event id ($...)");
            var roomId = await rooms.ResolveRoomAsync(room ?? identity.SharedRoom, ct);
            (file, download) = await MediaFetch.OpenAsync(client, roomId, event_id, ct);
        }
        catch (VerbException e)
        {
            return GatewayResults.Error(e);
        }
        catch (MatrixException e)
        {
            return e.ErrCode switch
            {
                MatrixErrorCodes.Forbidden => GatewayResults.Error(403, "forbidden", $"the homeserver refused: {e.Message}"),
                MatrixErrorCodes.NotFound => GatewayResults.Error(404, "not_found", $"no such room or message: {e.Message}"),
                _ => GatewayResults.Error(e.IsTransient ? 503 : 502, "homeserver_error", $"fetching the file failed: {e.Message}"),
            };
        }
        await using (download)
        {
            var response = context.Response;
            response.ContentType = "application/octet-stream"; // the bytes as they are; the declared type is only information
            response.Headers[NameHeader] = Uri.EscapeDataString(file.Name);
            if (file.Mimetype is { } mimetype) response.Headers[MimetypeHeader] = mimetype;
            if (file.Size is { } size) response.Headers[SizeHeader] = size.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (download.Length is { } length) response.ContentLength = length;
            await download.Content.CopyToAsync(response.Body, ct);
        }
        return Results.Empty;
    }
}
