using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace AgentChat.Matrix;

public sealed partial class MatrixClient
{
    /// <summary>Uploading or downloading a file of tens of megabytes takes longer than an ordinary request.</summary>
    private static readonly TimeSpan MediaTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The largest upload the homeserver accepts (<c>m.upload.size</c>), or null when it names none. Asks the
    /// authenticated endpoint first and the legacy one only when the homeserver does not know the first.
    /// </summary>
    public async Task<long?> GetUploadLimitAsync(CancellationToken ct = default)
    {
        JsonElement config;
        try
        {
            config = await SendAsync(HttpMethod.Get, "/_matrix/client/v1/media/config", null, Json.JsonElement, ct);
        }
        catch (MatrixException e) when (IsUnknownEndpoint(e))
        {
            config = await SendAsync(HttpMethod.Get, "/_matrix/media/v3/config", null, Json.JsonElement, ct);
        }
        return config.ValueKind == JsonValueKind.Object && config.TryGetProperty("m.upload.size", out var size)
               && size.ValueKind == JsonValueKind.Number && size.TryGetInt64(out var bytes) && bytes > 0 ? bytes : null;
    }

    /// <summary>
    /// Uploads one file to the media repository; <paramref name="open"/> opens its bytes afresh for each try
    /// (a rate-limited try is repeated). Returns the <c>mxc://</c> uri.
    /// </summary>
    public async Task<string> UploadAsync(Func<Stream> open, long length, string contentType, string fileName, CancellationToken ct = default)
    {
        var response = await SendContentAsync(HttpMethod.Post, $"/_matrix/media/v3/upload?filename={Escape(fileName)}", () =>
        {
            var content = new StreamContent(open());
            content.Headers.ContentType = MediaTypeHeaderValue.TryParse(contentType, out var type) ? type : new MediaTypeHeaderValue("application/octet-stream");
            content.Headers.ContentLength = length;
            return content;
        }, Json.UploadResponse, ct, MediaTimeout);
        return response.ContentUri is { } uri && uri.StartsWith("mxc://", StringComparison.Ordinal)
            ? uri
            : throw new MatrixException("POST /_matrix/media/v3/upload: the homeserver answered without an mxc:// uri", HttpStatusCode.OK, null, null, isTransient: false);
    }

    /// <summary>
    /// Opens a file of the media repository through the authenticated media API (Matrix 1.11); the legacy
    /// unauthenticated one only when the homeserver does not know the first. The caller disposes the answer and
    /// bounds the read with <paramref name="ct"/>.
    /// </summary>
    public async Task<MediaDownload> DownloadAsync(string serverName, string mediaId, CancellationToken ct = default)
    {
        var path = $"/_matrix/client/v1/media/download/{Escape(serverName)}/{Escape(mediaId)}";
        HttpResponseMessage response;
        try
        {
            response = await ExchangeAsync(HttpMethod.Get, path, null, MediaTimeout, authenticated: true, ct, ct);
        }
        catch (MatrixException e) when (IsUnknownEndpoint(e))
        {
            response = await ExchangeAsync(HttpMethod.Get, $"/_matrix/media/v3/download/{Escape(serverName)}/{Escape(mediaId)}", null,
                MediaTimeout, authenticated: true, ct, ct);
        }
        try
        {
            return new MediaDownload(response, await response.Content.ReadAsStreamAsync(ct));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>A homeserver older than the endpoint answers 404 or 405 with <c>M_UNRECOGNIZED</c> (or no Matrix error at all).</summary>
    private static bool IsUnknownEndpoint(MatrixException e) =>
        e.ErrCode == MatrixErrorCodes.Unrecognized
        || (e.ErrCode is null && e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed);
}
