using AgentChat.Cli.Contract;
using AgentChat.Configuration;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Registry;
using AgentChat.Rooms;
using AgentChat.Verbs;

namespace AgentChat.Cli.Direct;

/// <summary>
/// The agent talking to Matrix itself, with its own credentials: what the CLI and MCP server do when no
/// daemon answers. Each action also refreshes this session's registry entry as an ephemeral instance.
/// </summary>
internal sealed partial class DirectAgent
{
    private readonly AgentChatSettings _settings;
    private readonly TimeProvider _time;
    private readonly RoomResolver _resolver;
    private readonly SendPlanner _planner;
    private readonly DirectPresence _presence;

    public DirectAgent(AgentChatSettings settings, HttpClient http, TimeProvider time)
    {
        _settings = settings;
        _time = time;
        Self = settings.UserIdValue;
        Client = new MatrixClient(http, settings.HomeserverUri, settings.AccessTokenValue, time: time);
        _resolver = new RoomResolver(Client, Self);
        _planner = new SendPlanner(new RecipientResolver(Client, Self, time, Timeout.InfiniteTimeSpan), settings.InstanceName);
        _presence = new DirectPresence(settings.StateDirectory, time);
    }

    public AgentChatSettings Settings => _settings;

    public MatrixClient Client { get; }

    public UserId Self { get; }

    public async Task<SendResult> SendAsync(SendRequest request, CancellationToken ct)
    {
        request = await GuardAsync(request, ct);
        IReadOnlyList<InstanceInfo>? registry = null; // read once: direct mode has no cache to refresh
        var plan = await _planner.PlanAsync(request, async (_, c) => registry ??= await TryReadRegistryAsync(c) ?? [], ct);
        var room = plan.DirectTo is { } other
            ? await _resolver.FindOrCreateDirectRoomAsync(other, ct)
            : await ResolveRoomAsync(plan.Room ?? _settings.RoomValue, ct);
        // The entry first: readers bind a message to its sender's entry, so it should exist before the first
        // message. Not yet joined, that write fails; the one after the send (a no-op when the first worked) does it.
        await TouchRegistryAsync(ct);
        var eventId = await WithJoinAsync(room, () => Client.SendEventAsync(room, EventTypes.RoomMessage, plan.Content, plan.TxnId, ct), ct);
        await TouchRegistryAsync(ct);
        return new SendResult(plan.TxnId, eventId.Value, room.Value, false, "direct", plan.Warnings.Count > 0 ? plan.Warnings : null);
    }

    /// <summary>The loop guard and <c>meta.hops</c> (docs/receipts-and-loop-guard.md); a direct message gets hops without a budget.</summary>
    private async Task<SendRequest> GuardAsync(SendRequest request, CancellationToken ct)
    {
        SendRules.Validate(request);
        if (request.Dm is not null)
            return request.Meta is null or { ValueKind: System.Text.Json.JsonValueKind.Object }
                ? request with { Meta = LoopGuard.MetaFields.With(request.Meta, Observed.HopsField, (request.ReplyTo ?? request.Thread) is null ? 0 : 1) }
                : request;
        var room = await ResolveRoomAsync(request.Room ?? _settings.RoomValue, ct);
        var shared = request.Room is null ? room : await ResolveRoomAsync(_settings.RoomValue, ct);
        var guard = new DirectLoopGuard(Client, Self, _settings.InstanceName, LoopGuard.GuardSettings.From(_settings));
        return await WithJoinAsync(room, async () => await guard.CheckAsync(request, room, await ReadSendersAsync(shared, ct), ct), ct);
    }

    public async Task<ReadResponse> ReadAsync(ReadArgs args, CancellationToken ct)
    {
        var request = args.ToRequest();
        var roomName = request.Room ?? _settings.RoomValue;
        var room = await ResolveRoomAsync(roomName, ct);
        var alias = roomName.StartsWith('#') ? roomName : null;
        var shared = roomName == _settings.RoomValue ? room : await ResolveRoomAsync(_settings.RoomValue, ct);
        var reader = new DirectReader(Client, Self, room, alias, token => ReadSendersAsync(shared, token), request, _time);
        var result = await WithJoinAsync(room, () => reader.ReadAsync(ct), ct);
        // An unread read consumed up to its "next" (the marker now); when that moved, the entry says so at once.
        var consumed = request.Since is null && result.Next.StartsWith('$') && _presence.Consumed(result.Next);
        await TouchRegistryAsync(ct, force: consumed);
        return result;
    }

    public async Task<WhoResponse> WhoAsync(CancellationToken ct)
    {
        var room = await ResolveRoomAsync(_settings.RoomValue, ct);
        var rows = await WithJoinAsync(room, () => InstanceRegistry.ReadAsync(Client, room, _time.GetUtcNow().ToUnixTimeMilliseconds(), ct), ct);
        return new WhoResponse(rows);
    }

    public async Task<SendResponse> ReactAsync(ReactRequest request, CancellationToken ct)
    {
        var (target, key) = ReactionRules.Check(request);
        var txn = request.TxnId ?? TxnId.New();
        var room = await ResolveRoomAsync(request.Room ?? _settings.RoomValue, ct);
        var eventId = await WithJoinAsync(room, () => Client.SendEventAsync(room, EventTypes.Reaction, ReactionRules.Content(target, key), txn, ct), ct);
        return new SendResponse(eventId.Value, room.Value, txn);
    }

    public async Task<ReactionsResponse> ReactionsAsync(string eventId, string? room, CancellationToken ct)
    {
        var (target, _) = ReactionRules.Check(new ReactRequest { EventId = eventId });
        var senders = await ReadSendersAsync(await ResolveRoomAsync(_settings.RoomValue, ct), ct);
        var where = await ResolveRoomAsync(room ?? _settings.RoomValue, ct);
        var (related, _) = await WithJoinAsync(where, () => Client.GetRelationsAsync(where, target, "m.annotation", null, 100, ct), ct);
        return ReactionRules.Summarize(target, related, senders);
    }

    /// <summary>
    /// The shared room, joined when invited (else its state cannot be read); with <paramref name="announce"/>, this session's registry entry written now,
    /// so a lease it takes belongs to a live holder (it lapses with the entry's TTL unless the session acts again).
    /// </summary>
    public async Task<RoomId> SharedRoomAsync(bool announce, CancellationToken ct)
    {
        var room = await ResolveRoomAsync(_settings.RoomValue, ct);
        if (announce) await WithJoinAsync(room, () => WriteEntryAsync(room, ct), ct);
        else await WithJoinAsync(room, () => Client.GetStateAsync(room, EventTypes.RoomPowerLevels, "", ct), ct); // invited, not yet in it: join
        return room;
    }

    /// <summary>This session's presence; with <paramref name="set"/>, says busy or idle and writes the entry at once.</summary>
    public async Task<PresenceResponse> PresenceAsync(PresenceRequest? set, CancellationToken ct)
    {
        if (set is not null)
        {
            _presence.SetBusy(set.Busy == true, set.On);
            // Said on purpose, so written at once (joining the shared room when invited), and a failure is the caller's to see.
            var room = await ResolveRoomAsync(_settings.RoomValue, ct);
            await WithJoinAsync(room, () => WriteEntryAsync(room, ct), ct);
        }
        var p = _presence.Snapshot();
        return new PresenceResponse(p.Busy, p.BusyOn, p.BusyUntil, p.Wakeable, p.Cursor, p.CursorAt, "direct");
    }

    private async Task<RoomId> ResolveRoomAsync(string room, CancellationToken ct)
    {
        try
        {
            return await _resolver.ResolveRoomAsync(room, ct);
        }
        catch (MatrixException e) when (e.ErrCode == MatrixErrorCodes.NotFound)
        {
            throw new MatrixException($"room {room} does not exist on the homeserver: an operator creates the shared room with `cchat setup`; an agent on another homeserver sets AGENTCHAT_ROOM to the room's alias on the server that holds it",
                e.StatusCode, e.ErrCode, null, isTransient: false, e);
        }
    }

    /// <summary>Runs <paramref name="action"/>; when we are not in the room yet, joins it (invited or public) and tries once more.</summary>
    private async Task<T> WithJoinAsync<T>(RoomId room, Func<Task<T>> action, CancellationToken ct)
    {
        try
        {
            return await action();
        }
        catch (MatrixException e) when (e.ErrCode == MatrixErrorCodes.Forbidden)
        {
            try
            {
                await Client.JoinRoomAsync(room.Value, ct);
            }
            catch (MatrixException)
            {
                throw e;
            }
            return await action();
        }
    }

    /// <summary>Who is who, from the shared room's registry; joins the room when invited but not yet in it.</summary>
    private async Task<SenderDirectory> ReadSendersAsync(RoomId shared, CancellationToken ct)
    {
        try
        {
            return await WithJoinAsync(shared, () => SenderDirectory.ReadAsync(Client, shared, ct), ct);
        }
        catch (MatrixException e) when (e.ErrCode == MatrixErrorCodes.Forbidden)
        {
            throw new MatrixException(
                $"cannot tell agents from humans: {Self} is not in the shared room {_settings.RoomValue}, whose registry says who is who, and may not join it: ask the operator to run `cchat setup --invite {Self}`",
                e.StatusCode, e.ErrCode, null, isTransient: false, e);
        }
    }

    private async Task<IReadOnlyList<InstanceInfo>?> TryReadRegistryAsync(CancellationToken ct)
    {
        try
        {
            var room = await _resolver.ResolveRoomAsync(_settings.RoomValue, ct);
            return await InstanceRegistry.ReadAsync(Client, room, _time.GetUtcNow().ToUnixTimeMilliseconds(), ct);
        }
        catch (MatrixException)
        {
            return null; // names then resolve as localparts on our own server
        }
    }

    /// <summary>
    /// Best effort: this session is alive, with its presence (busy, last consumed; never wakeable). Without power to
    /// write the registry, the action still counts. <paramref name="force"/> writes even when the stamp is fresh.
    /// </summary>
    private async Task TouchRegistryAsync(CancellationToken ct, bool force = false)
    {
        try
        {
            var room = await _resolver.ResolveRoomAsync(_settings.RoomValue, ct);
            if (!force && Stamp(room).IsFresh()) return;
            await WriteEntryAsync(room, ct);
        }
        catch (MatrixException)
        {
        }
    }

    private PresenceStamp Stamp(RoomId room) => new(_settings.StateDirectory, $"{Self} {room} {_settings.InstanceName}", _time);

    private async Task<EventId> WriteEntryAsync(RoomId room, CancellationToken ct)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var entry = InstanceEntry.ForThisHost(_settings.InstanceName, "ephemeral", "cchat session (direct REST)", [], now, now, "online")
            .With(_presence.Snapshot());
        var written = await InstanceRegistry.WriteAsync(Client, room, Self, entry, ct);
        Stamp(room).Touch();
        return written;
    }
}
