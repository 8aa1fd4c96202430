using AgentChat.Cli.Direct;
using AgentChat.Decisions;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Registry;
using AgentChat.Rooms;
using AgentChat.Tasks;
using AgentChat.Verbs;

namespace AgentChat.Cli.Decisions;

/// <summary>The decision rules' view of direct mode: this account's own REST calls; the shared room unless a room is named.</summary>
internal sealed class DirectDecisionRoom(DirectAgent direct, TimeProvider time) : IDecisionRoom
{
    private readonly RoomResolver _rooms = new(direct.Client, direct.Self);
    private IReadOnlyList<InstanceInfo>? _registry;
    private SenderDirectory? _senders;

    public UserId Self => direct.Self;

    public string Instance => direct.Settings.InstanceName;

    public MatrixClient Client => direct.Client;

    public async Task<IReadOnlyList<InstanceInfo>> RegistryAsync(CancellationToken ct)
    {
        var shared = await RoomAsync(null, ct);
        return _registry ??= await WithJoinAsync(shared, () => InstanceRegistry.ReadAsync(Client, shared, time.GetUtcNow().ToUnixTimeMilliseconds(), ct), ct);
    }

    public async Task<SenderDirectory> SendersAsync(CancellationToken ct)
    {
        var shared = await RoomAsync(null, ct);
        return _senders ??= await WithJoinAsync(shared, () => SenderDirectory.ReadAsync(Client, shared, ct), ct);
    }

    public Task<Recipient> ResolveAsync(string name, IReadOnlyList<InstanceInfo> registry, List<string> warnings, CancellationToken ct) =>
        new RecipientResolver(Client, Self, time, Timeout.InfiniteTimeSpan).ResolveAsync(name, registry, warnings, ct);

    public async Task<RoomId> RoomAsync(string? name, CancellationToken ct)
    {
        var room = name ?? direct.Settings.RoomValue;
        try
        {
            return await _rooms.ResolveRoomAsync(room, ct);
        }
        catch (MatrixException e) when (e.ErrCode == MatrixErrorCodes.NotFound)
        {
            throw new VerbException(404, "unknown_room", $"room {room} does not exist on the homeserver: an operator creates the shared room with `cchat setup`");
        }
    }

    /// <summary>
    /// Direct mode looks in the named room, else the shared room (a daemon also searches every room it follows); an agent
    /// invited to the shared room but not in it yet joins it here, as any direct-mode verb does.
    /// </summary>
    public async Task<RoomId> RoomOfAsync(string id, string? hint, CancellationToken ct)
    {
        await SendersAsync(ct);
        return await RoomAsync(hint, ct);
    }

    public Task<EventId> SendEventAsync(RoomId room, string type, byte[] content, string txnId, CancellationToken ct) =>
        WithJoinAsync(room, () => Client.SendEventAsync(room, type, content, txnId, ct), ct);

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
                await Client.JoinRoomAsync(room.Value, ct); // invited but not joined yet: join, and once more
            }
            catch (MatrixException)
            {
                throw e;
            }
            return await action();
        }
    }

    public async Task<TaskRoomReader> TaskReaderAsync(RoomId room, CancellationToken ct)
    {
        var name = direct.Settings.RoomValue;
        return new TaskRoomReader(Client, Self, room, name.StartsWith('#') && room == await RoomAsync(null, ct) ? name : null,
            await SendersAsync(ct), await RegistryAsync(ct));
    }

    public async Task<TaskSent> SendTaskAsync(SendRequest request, CancellationToken ct)
    {
        var sent = await direct.SendAsync(request, ct);
        return new TaskSent(sent.EventId, sent.TxnId, sent.Queued, sent.Warnings);
    }
}
