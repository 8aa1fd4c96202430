using AgentChat.Daemon.Buffer;
using AgentChat.Daemon.Outbox;
using AgentChat.Gateway;
using AgentChat.Hosting.Gateway;
using AgentChat.Hosting.Registry;
using AgentChat.Hosting.Rooms;
using AgentChat.Hosting.Sync;
using AgentChat.Matrix;
using AgentChat.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentChat.Daemon.Gateway;

/// <summary>GET /who, /status and /health.</summary>
internal static class InfoEndpoints
{
    public static IEndpointRouteBuilder MapInfo(this IEndpointRouteBuilder app)
    {
        app.MapGet("/who", WhoAsync);
        app.MapGet("/status", Status);
        app.MapGet("/health", Health);
        return app;
    }

    public static async Task<IResult> WhoAsync(RegistryState registry, FollowedRooms rooms, DaemonIdentity identity, SyncHealth health, TimeProvider time, CancellationToken ct)
    {
        // An empty list would read as "nobody is registered" when the truth is that the room is out of reach.
        if (rooms.SharedRoomOrNull is null)
            return GatewayResults.Error(StatusCodes.Status503ServiceUnavailable, "shared_room_unavailable",
                $"the daemon is not in the shared room {identity.SharedRoom}: {health.Reason}");
        var instances = await registry.ReadAsync(fresh: true, ct);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var rows = instances.Select(i => i.At(now)).ToList();
        return TypedResults.Json(new WhoResponse(rows), GatewayJsonContext.Default.WhoResponse);
    }

    public static IResult Status(DaemonIdentity identity, MatrixClient client, SyncHealth health, MessageBuffer buffer, OutboxSender outbox,
        FollowedRooms rooms, RegistryState registry, TimeProvider time, Receipts.ConversationWatch watch) =>
        TypedResults.Json(new StatusResponse
        {
            Instance = identity.Instance,
            UserId = identity.UserId.Value,
            Homeserver = client.Homeserver.ToString(),
            Sync = health.Snapshot(),
            BufferCount = buffer.Count,
            BufferCapacity = buffer.Capacity,
            OutboxDepth = outbox.Depth,
            Rooms = rooms.Describe(),
            UptimeSeconds = Math.Round((time.GetUtcNow() - identity.StartedAt).TotalSeconds, 1),
            Version = AgentChatVersion.Value,
            RegistryProblem = registry.Problem,
            SkippedEvents = health.SkippedEvents,
            OutboxLaneFaults = outbox.LaneFaults,
            OutboxLastFault = outbox.LastFault,
            Unanswered = watch.Unanswered(),
            LoopGuard = watch.GuardStatus(),
        }, GatewayJsonContext.Default.StatusResponse);

    public static IResult Health(SyncHealth health) =>
        health.IsHealthy
            ? TypedResults.Json(new HealthResponse("ok"), GatewayJsonContext.Default.HealthResponse)
            : TypedResults.Json(new HealthResponse("unavailable", health.Reason), GatewayJsonContext.Default.HealthResponse, statusCode: 503);
}
