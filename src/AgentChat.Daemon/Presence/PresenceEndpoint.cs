using System.Text.Json;
using AgentChat.Gateway;
using AgentChat.Hosting.Gateway;
using AgentChat.Registry;
using Microsoft.AspNetCore.Http;

namespace AgentChat.Daemon.Presence;

/// <summary><c>GET /presence</c>: this agent's presence; <c>POST /presence {"busy", "on"?}</c>: a session says it is busy or idle.</summary>
internal static class PresenceEndpoint
{
    public static IResult Get(PresenceState presence) => Answer(presence.Snapshot());

    public static async Task<IResult> PostAsync(HttpContext context, PresenceState presence, Wake.SessionActivity activity, CancellationToken ct)
    {
        PresenceRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(context.Request.Body, GatewayJsonContext.Default.PresenceRequest, ct);
        }
        catch (JsonException e)
        {
            return GatewayResults.BadRequest("bad_json", $"the body is not a presence request: {e.Message}");
        }
        if (request?.Busy is not { } busy)
            return GatewayResults.BadRequest("bad_presence", "give {\"busy\": true, \"on\": \"what\"} or {\"busy\": false}");
        // Through the session's activity, so the channel holds pushes while busy, and on into presence.
        if (busy) activity.SetBusy(request.On ?? "");
        else activity.SetIdle();
        return Answer(presence.Snapshot());
    }

    private static IResult Answer(SelfPresence p) =>
        TypedResults.Json(new PresenceResponse(p.Busy, p.BusyOn, p.BusyUntil, p.Wakeable, p.Cursor, p.CursorAt), GatewayJsonContext.Default.PresenceResponse);
}
