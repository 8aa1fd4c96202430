using System.Text.Json;
using System.Text.RegularExpressions;
using AgentChat.Daemon.Hosting;
using AgentChat.Daemon.Outbox;
using AgentChat.Daemon.Registry;
using AgentChat.Daemon.Rooms;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Registry;
using AgentChat.Rooms;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentChat.Daemon.Gateway;

/// <summary>
/// POST /send: validates, composes, writes the message to the outbox on disk, then answers with the event id
/// once the homeserver has it — or 202 queued when the homeserver cannot be reached now.
/// </summary>
internal static partial class SendEndpoint
{
    [GeneratedRegex("^[A-Za-z0-9._~-]{1,64}$")]
    private static partial Regex TxnIdPattern();

    public static async Task<IResult> HandleAsync(
        HttpContext context, OutboxSender outbox, RoomResolver resolver, FollowedRooms rooms, RegistryState registry,
        DaemonIdentity identity, DaemonOptions options, TimeProvider time, CancellationToken ct)
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
        if (Validate(request) is { } invalid) return invalid;

        var txnId = request.TxnId ?? Guid.NewGuid().ToString("N");
        // Names other than full user ids may be instance names: only then is the registry needed.
        var names = (request.To ?? []).Append(request.Dm).OfType<string>();
        IReadOnlyList<InstanceInfo> registered = names.All(n => UserId.TryParse(n, out _)) ? [] : await registry.ReadAsync(fresh: false, ct);
        string? target = null;
        string? directTo = null;
        if (request.Dm is { } dm)
        {
            directTo = RoomResolver.ResolveUser(dm, identity.UserId, registered).Value;
        }
        else
        {
            var resolved = await ResolveTargetAsync(request.Room, resolver, rooms, identity, ct);
            if (resolved.Error is { } error) return error;
            target = resolved.Target;
        }

        byte[] content;
        try
        {
            content = MessageComposer.Compose(new OutgoingMessage
            {
                Text = request.Text!,
                Kind = request.Kind ?? MessageKind.Chat,
                Instance = identity.Instance,
                Mentions = (request.To ?? []).Select(n => RoomResolver.ResolveUser(n, identity.UserId, registered)).ToList(),
                Thread = request.Thread is { } t ? new EventId(t) : null,
                ReplyTo = request.ReplyTo is { } r ? new EventId(r) : null,
                Meta = request.Meta,
            });
        }
        catch (MessageTooLargeException e)
        {
            return GatewayResults.Error(StatusCodes.Status413PayloadTooLarge, "too_large", e.Message);
        }

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
                ? TypedResults.Json(new QueuedResponse(true, txnId), GatewayJsonContext.Default.QueuedResponse, statusCode: 202)
                : NotSaved("the outbox could not flush the message to disk");
        }
        return await pending.Outcome switch
        {
            SendOutcome.Delivered d => TypedResults.Json(new SendResponse(d.EventId.Value, d.RoomId.Value, txnId), GatewayJsonContext.Default.SendResponse),
            SendOutcome.Refused { Error: var e } => Refused(e),
            SendOutcome.NotSaved { Reason: var reason } => NotSaved(reason),
            _ => throw new InvalidOperationException("unknown send outcome"),
        };
    }

    private static IResult? Validate(SendRequest r)
    {
        if (string.IsNullOrWhiteSpace(r.Text)) return GatewayResults.BadRequest("empty_text", "\"text\" is required and must not be empty");
        if (r.Kind is not null && !MessageKind.IsValid(r.Kind))
            return GatewayResults.BadRequest("bad_kind", $"\"kind\" must be one of {string.Join(", ", MessageKind.All)}");
        if (r.Room is not null && r.Dm is not null) return GatewayResults.BadRequest("conflicting_target", "give \"room\" or \"dm\", not both");
        if (r.Room is { Length: 0 } || r.Dm is { Length: 0 }) return GatewayResults.BadRequest("empty_target", "\"room\" and \"dm\" must not be empty strings");
        if (r.TxnId is not null && !TxnIdPattern().IsMatch(r.TxnId))
            return GatewayResults.BadRequest("bad_txn_id", "\"txn_id\" must be 1-64 characters of A-Z a-z 0-9 . _ ~ -");
        if (r.Thread is { } t && !t.StartsWith('$')) return GatewayResults.BadRequest("bad_event_id", "\"thread\" must be an event id ($...)");
        if (r.ReplyTo is { } rt && !rt.StartsWith('$')) return GatewayResults.BadRequest("bad_event_id", "\"reply_to\" must be an event id ($...)");
        if (r.Meta is { ValueKind: not JsonValueKind.Object and not JsonValueKind.Null })
            return GatewayResults.BadRequest("bad_meta", "\"meta\" must be a JSON object");
        if (r.To?.Any(string.IsNullOrWhiteSpace) == true) return GatewayResults.BadRequest("bad_to", "\"to\" entries must be names or user ids");
        return null;
    }

    private readonly record struct Resolved(string? Target, IResult? Error);

    /// <summary>A room the daemon follows; an unknown one is a 404 now, not a failure later. Unreachable: resolve at delivery.</summary>
    private static async Task<Resolved> ResolveTargetAsync(string? room, RoomResolver resolver, FollowedRooms rooms, DaemonIdentity identity, CancellationToken ct)
    {
        var name = room ?? identity.SharedRoom;
        try
        {
            var id = room is null && rooms.SharedRoomOrNull is { } shared ? shared : await resolver.ResolveRoomAsync(name, ct);
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
