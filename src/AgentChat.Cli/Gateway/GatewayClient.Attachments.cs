using System.Globalization;
using System.Text.Json;
using AgentChat.Attachments;
using AgentChat.Cli.Attachments;

namespace AgentChat.Cli.Gateway;

internal sealed partial class GatewayClient
{
    /// <summary>An upload of tens of megabytes and its send; far past a message's 30 s.</summary>
    private static readonly TimeSpan MediaTimeout = TimeSpan.FromMinutes(5);

    /// <summary>POST /attach: 200 with the event, or 202 once uploaded with the event queued; the body is the same shape.</summary>
    public async Task<AttachResponse> AttachAsync(AttachRequest request, CancellationToken ct)
    {
        using var response = await CallAsync(HttpMethod.Post, "attach", JsonSerializer.SerializeToUtf8Bytes(request, Json.AttachRequest), MediaTimeout, ct);
        return Deserialize(await response.Content.ReadAsByteArrayAsync(ct), Json.AttachResponse);
    }

    /// <summary>GET /media: the file's bytes streamed, what the message said of it in headers (the daemon's MediaEndpoint).</summary>
    public async Task<FetchedFile> FetchAsync(string eventId, string? room, CancellationToken ct)
    {
        var path = "media?event_id=" + Uri.EscapeDataString(eventId) + (room is null ? "" : "&room=" + Uri.EscapeDataString(room));
        var response = await CallAsync(HttpMethod.Get, path, null, MediaTimeout, ct, HttpCompletionOption.ResponseHeadersRead);
        try
        {
            string? Header(string name) => response.Headers.TryGetValues(name, out var v) ? v.FirstOrDefault() : null;
            // The daemon sent the name sanitised; it is sanitised again here, as anything that crossed a wire.
            var name = FileNames.Sanitize(Header("X-AgentChat-Filename") is { } n ? Uri.UnescapeDataString(n) : null);
            var mimetype = Header("X-AgentChat-Mimetype") is { } m && MimeTypes.IsValid(m) ? m : null;
            long? size = long.TryParse(Header("X-AgentChat-Size"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : null;
            return new FetchedFile(name, mimetype, size, response.Content.Headers.ContentLength, await response.Content.ReadAsStreamAsync(ct), response);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
