using System.Text.Json;
using AgentChat.Daemon.Hosting;
using AgentChat.Daemon.Outbox;
using AgentChat.Daemon.Receipts;
using AgentChat.Gateway;
using AgentChat.Hosting.Gateway;
using AgentChat.Hosting.Registry;
using AgentChat.Hosting.Rooms;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Rooms;
using AgentChat.Verbs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentChat.Daemon.Gateway;

/// <summary>
/// POST /send: validates, composes, writes the message to the outbox on disk, then answers with the event id
/// once the homeserver has it — or 202 queued when the homeserver cannot be reached now.
/// </summary>
internal static class SendEndpoint
{
    public static async Task<IResult> HandleAsync(
        HttpContext context, OutboxSender outbox, SendPlanner planner, RoomResolver resolver, FollowedRooms rooms, RegistryState registry,
        DaemonIdentity identity, DaemonOptions options, TimeProvider time, LoopGuardGate gate, CancellationToken ct)
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

        request = await gate.WithHopsAsync(request, request.Dm is null ? request.Room ?? rooms.SharedRoomOrNull?.Value : null, options.LookupBudget, ct);
        SendPlan plan;
        try
        {
            plan = await planner.PlanAsync(request, (fresh, c) => registry.ReadAsync(fresh, c, options.LookupBudget), ct);
        }
        catch (VerbException e)
        {
            return GatewayResults.Error(e);
        }
        string? target = null;
        if (plan.DirectTo is null)
        {
            var resolved = await ResolveTargetAsync(plan.Room, resolver, rooms, identity, options.LookupBudget, ct);
            if (resolved.Error is { } error) return error;
            target = resolved.Target;
            if (gate.Check(request, target) is { } refused) return refused;
        }
        else if (gate.CheckDirect(request, plan.DirectTo.Value.Value) is { } refusedDirect) return refusedDirect;
        var txnId = plan.TxnId;
        var content = plan.Content;
        var directTo = plan.DirectTo?.Value;
        var warnings = plan.Warnings.Count > 0 ? plan.Warnings : null;

        PendingSend pending;
        try
        {
            pending = outbox.Accept(txnId, target, directTo, content);
        }
        catch (OutboxSaveException e)
        {
            return NotSaved(e.Message);
        }
        // The outbox answers within SendWait (outcome or queued); the extra second only guards against a bug there.
        // A stopping daemon answers queued at once: the message is on disk and goes out after the restart.
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(ct, stopping);
        await Task.WhenAny(pending.Outcome, pending.Queued, Task.Delay(options.SendWait + TimeSpan.FromSeconds(1), time, waiting.Token));
        await waiting.CancelAsync(); // no timer left behind per request
        if (!pending.Outcome.IsCompleted)
        {
            return await pending.Saved
                ? TypedResults.Json(new QueuedResponse(true, txnId, warnings), GatewayJsonContext.Default.QueuedResponse, statusCode: 202)
                : NotSaved("the outbox could not flush the message to disk");
        }
        if (await pending.Outcome is SendOutcome.Delivered delivered) gate.Delivered(delivered, request, directTo);
        return await pending.Outcome switch
        {
            SendOutcome.Delivered d => TypedResults.Json(new SendResponse(d.EventId.Value, d.RoomId.Value, txnId, warnings), GatewayJsonContext.Default.SendResponse),
            SendOutcome.Refused { Error: var e } => Refused(e),
            SendOutcome.NotSaved { Reason: var reason } => NotSaved(reason),
            _ => throw new InvalidOperationException("unknown send outcome"),
        };
    }

    private readonly record struct Resolved(string? Target, IResult? Error);

    /// <summary>
    /// A room the daemon follows; an unknown one is a 404 now, not a failure later. Unreachable, or no answer
    /// within <paramref name="budget"/>: resolved at delivery.
    /// </summary>
    private static async Task<Resolved> ResolveTargetAsync(
        string? room, RoomResolver resolver, FollowedRooms rooms, DaemonIdentity identity, TimeSpan budget, CancellationToken ct)
    {
        var name = room ?? identity.SharedRoom;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(budget);
        try
        {
            var id = room is null && rooms.SharedRoomOrNull is { } shared ? shared : await resolver.ResolveRoomAsync(name, bounded.Token);
            if (!rooms.IsFollowed(id))
                return new(null, GatewayResults.Error(StatusCodes.Status404NotFound, "unknown_room", $"this agent is not in {name}: invite it, or name a room it is in"));
            return new(id.Value, null);
        }
        catch (MatrixException e) when (e.ErrCode == MatrixErrorCodes.NotFound)
        {
            return new(null, GatewayResults.Error(StatusCodes.Status404NotFound, "unknown_room", $"no room {name} on the homeserver"));
        }
        catch (MatrixException e) when (e.IsTransient)
        {
            return new(name, null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new(name, null);
        }
    }

    private static IResult Refused(MatrixException e) => e.ErrCode switch
    {
        MatrixErrorCodes.Forbidden => GatewayResults.Error(403, "forbidden", e.Message),
        MatrixErrorCodes.NotFound => GatewayResults.Error(404, "unknown_room", e.Message),
        MatrixErrorCodes.TooLarge => GatewayResults.Error(413, "too_large", e.Message),
        _ => GatewayResults.Error(502, "homeserver_refused", e.Message),
    };

    private static IResult NotSaved(string reason) =>
        GatewayResults.Error(StatusCodes.Status507InsufficientStorage, "outbox_unavailable",
            $"{reason}; the message was not sent and is not queued: free space on the daemon's state disk or fix its permissions, then send again");
}
