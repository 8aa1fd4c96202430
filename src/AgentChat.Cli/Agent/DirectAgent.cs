using AgentChat.Configuration;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Registry;
using AgentChat.Rooms;

namespace AgentChat.Cli.Agent;

/// <summary>
/// The agent talking to Matrix itself, with its own credentials: what the CLI and MCP server do when no
/// daemon answers. Each action also refreshes this session's registry entry as an ephemeral instance.
/// </summary>
internal sealed class DirectAgent
{
    private readonly AgentChatSettings _settings;
    private readonly TimeProvider _time;
    private readonly RoomResolver _resolver;

    public DirectAgent(AgentChatSettings settings, HttpClient http, TimeProvider time)
    {
        _settings = settings;
        _time = time;
        Self = settings.UserIdValue;
        Client = new MatrixClient(http, settings.HomeserverUri, settings.AccessTokenValue, time: time);
        _resolver = new RoomResolver(Client, Self);
    }

    public MatrixClient Client { get; }

    public UserId Self { get; }

    public async Task<SendResult> SendAsync(SendRequest request, string txnId, CancellationToken ct)
    {
        var text = request.Text ?? throw new UsageException("nothing to send: give the message text");
        var kind = request.Kind ?? MessageKind.Chat;
        if (!MessageKind.IsValid(kind)) throw new UsageException($"unknown kind '{kind}': use one of {string.Join(", ", MessageKind.All)}");

        IReadOnlyList<InstanceInfo>? registry = null;
        async Task<IReadOnlyList<InstanceInfo>?> RegistryAsync(string name)
        {
            if (UserId.TryParse(name, out _)) return registry;
            return registry ??= await TryReadRegistryAsync(ct);
        }

        var mentions = new List<UserId>();
        foreach (var name in request.To ?? []) mentions.Add(RoomResolver.ResolveUser(name, Self, await RegistryAsync(name)));

        RoomId room;
        if (request.Dm is { } dm)
        {
            var other = RoomResolver.ResolveUser(dm, Self, await RegistryAsync(dm));
            room = await _resolver.FindOrCreateDirectRoomAsync(other, ct);
        }
        else
        {
            room = await ResolveRoomAsync(request.Room ?? _settings.RoomValue, ct);
        }

        var content = MessageComposer.Compose(new OutgoingMessage
        {
            Text = text,
            Kind = kind,
            Instance = _settings.InstanceName,
            Mentions = mentions,
            Thread = request.Thread is { } thread ? new EventId(thread) : null,
            ReplyTo = request.ReplyTo is { } reply ? new EventId(reply) : null,
            Meta = request.Meta,
        });
        var eventId = await WithJoinAsync(room, () => Client.SendEventAsync(room, "m.room.message", content, txnId, ct), ct);
        await TouchRegistryAsync(ct);
        return new SendResult(txnId, eventId.Value, room.Value, false, "direct");
    }

    public async Task<ReadResponse> ReadAsync(ReadArgs args, CancellationToken ct)
    {
        if (args.Since is not null)
            throw new UsageException("--since needs the daemon's buffer; without a running daemon, read returns what is unread (start one with `cchat daemon`)");
        var roomName = args.Room ?? _settings.RoomValue;
        var room = await ResolveRoomAsync(roomName, ct);
        var alias = roomName.StartsWith('#') ? roomName : null;
        var reader = new UnreadReader(Client, Self, room, alias, args, _time);
        var result = await WithJoinAsync(room, () => reader.ReadAsync(ct), ct);
        await TouchRegistryAsync(ct);
        return result;
    }

    public async Task<WhoResponse> WhoAsync(CancellationToken ct)
    {
        var room = await ResolveRoomAsync(_settings.RoomValue, ct);
        var rows = await WithJoinAsync(room, () => InstanceRegistry.ReadAsync(Client, room, _time.GetUtcNow().ToUnixTimeMilliseconds(), ct), ct);
        return new WhoResponse(rows);
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

    /// <summary>Best effort: this session is alive. Without power to write the registry, the action still counts.</summary>
    private async Task TouchRegistryAsync(CancellationToken ct)
    {
        try
        {
            var room = await _resolver.ResolveRoomAsync(_settings.RoomValue, ct);
            var stamp = new PresenceStamp(_settings.StateDirectory, $"{Self} {room} {_settings.InstanceName}", _time);
            if (stamp.IsFresh()) return;
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            await InstanceRegistry.WriteAsync(Client, room, Self, new InstanceEntry
            {
                Instance = _settings.InstanceName,
                Kind = "ephemeral",
                Host = Environment.MachineName,
                Version = CchatVersion.Value,
                Description = "cchat session (direct REST)",
                StartedAt = now,
                LastSeen = now,
                TtlMs = InstanceEntry.DefaultTtlMs,
                Status = "online",
            }, ct);
            stamp.Touch();
        }
        catch (MatrixException)
        {
        }
    }
}
