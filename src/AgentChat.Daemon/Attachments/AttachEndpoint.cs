using System.Text.Json;
using AgentChat.Attachments;
using AgentChat.Daemon.Send;
using AgentChat.Gateway;
using AgentChat.Hosting.Gateway;
using AgentChat.Verbs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AgentChat.Daemon.Attachments;

/// <summary>
/// POST /attach: one file (a path on this host, or base64) uploaded once per txn id, then its <c>m.file</c>/<c>m.image</c>
/// event sent through <see cref="OutboxSend"/> like any message — same rules, same outbox, same txn id.
/// </summary>
internal static class AttachEndpoint
{
    /// <summary>The body bound when the homeserver names no limit (or cannot be asked): base64 of 64 MB.</summary>
    private const long DefaultFileBound = 64L * 1024 * 1024;

    public static async Task<IResult> HandleAsync(HttpContext context, OutboxSend send, AttachmentUploader uploader, UploadLimit limit, CancellationToken ct)
    {
        // The gateway's usual 256 KB bound is for messages; a file's body is bounded by the homeserver's own limit.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bound)
            bound.MaxRequestBodySize = Base64Length(await KnownLimitAsync(limit, ct) ?? DefaultFileBound) + 1024 * 1024;
        AttachRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(context.Request.Body, GatewayJsonContext.Default.AttachRequest, ct);
        }
        catch (JsonException e)
        {
            return GatewayResults.BadRequest("bad_json", $"the body is not a valid attach request (is content_base64 valid base64?): {e.Message}");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return GatewayResults.Error(413, "too_large", "the request body is over the homeserver's upload limit (in base64); send a smaller file");
        }
        if (request is null) return GatewayResults.BadRequest("bad_json", "the body must be a JSON object");

        try
        {
            var txn = request.TxnId ?? TxnId.New();
            if (!TxnId.IsValid(txn)) throw VerbException.BadRequest("bad_txn_id", $"\"txn_id\" must be {TxnId.Rule}");
            var source = AttachmentRules.Source(request);
            var file = await uploader.UploadAsync(txn, source, request.Mimetype, ct);
            var sent = await send.SendAsync(request.ToSend(file) with { TxnId = txn }, ct);
            var answer = new AttachResponse(txn, sent.Delivered?.EventId.Value, sent.Delivered?.RoomId.Value, sent.Queued, file, sent.Warnings);
            return TypedResults.Json(answer, GatewayJsonContext.Default.AttachResponse, statusCode: sent.Queued ? 202 : 200);
        }
        catch (VerbException e)
        {
            return GatewayResults.Error(e);
        }
    }

    private static long Base64Length(long bytes) => (bytes + 2) / 3 * 4;

    /// <summary>The limit when the homeserver says it within a moment; never a reason to fail the request here.</summary>
    private static async Task<long?> KnownLimitAsync(UploadLimit limit, CancellationToken ct)
    {
        using var quick = CancellationTokenSource.CreateLinkedTokenSource(ct);
        quick.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            return await limit.GetAsync(quick.Token);
        }
        catch (Exception e) when (e is Matrix.MatrixException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }
}
