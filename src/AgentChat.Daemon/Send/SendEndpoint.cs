using System.Text.Json;
using AgentChat.Daemon.Gateway;
using AgentChat.Gateway;
using AgentChat.Verbs;
using Microsoft.AspNetCore.Http;
using AgentChat.Hosting.Gateway;

namespace AgentChat.Daemon.Send;

/// <summary>
/// POST /send: parses the request and answers what <see cref="OutboxSend"/> made of it — the event id once the
/// homeserver has it, 202 queued when it cannot be reached now, or the refusal.
/// </summary>
internal static class SendEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, OutboxSend send, CancellationToken ct)
    {
        SendRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(context.Request.Body, GatewayJsonContext.Default.SendRequest, ct);
        }
        catch (JsonException e)
        {
            return GatewayResults.BadRequest("bad_json", $"the body is not a valid send request: {e.Message}");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return GatewayResults.Error(413, "too_large", "the request body is over the gateway's limit; split the message");
        }
        if (request is null) return GatewayResults.BadRequest("bad_json", "the body must be a JSON object");

        try
        {
            var sent = await send.SendAsync(request, ct);
            return sent.Delivered is { } d
                ? TypedResults.Json(new SendResponse(d.EventId.Value, d.RoomId.Value, sent.TxnId, sent.Warnings), GatewayJsonContext.Default.SendResponse)
                : TypedResults.Json(new QueuedResponse(true, sent.TxnId, sent.Warnings), GatewayJsonContext.Default.QueuedResponse, statusCode: 202);
        }
        catch (VerbException e)
        {
            return GatewayResults.Error(e);
        }
    }
}
