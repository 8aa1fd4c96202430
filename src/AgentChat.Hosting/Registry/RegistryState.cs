using AgentChat.Hosting.Rooms;
using AgentChat.Hosting.Sync;
using AgentChat.Matrix;
using AgentChat.Registry;
using Microsoft.Extensions.Logging;

namespace AgentChat.Hosting.Registry;

/// <summary>
/// The registry as last read, who each sender is, and any problem writing our own entry. The instance list is
/// read on demand (/who, a send to a named agent), never per heartbeat: the whole room state grows with the
/// fleet. The sender directory is read once at start and then kept current from the shared room's state
/// events in /sync, so every message is bound to its sender as it is parsed. A registry event from /sync costs
/// one entry's update whatever the fleet's size: the list is ordered and its names' holders marked only when
/// someone reads it. While /sync is healthy the list is as current as /sync, so a read does not go back to the
/// homeserver (a send to a named agent costs no state read); only a list older than a minute while /sync is failing is read again.
/// </summary>
public sealed partial class RegistryState(MatrixClient client, FollowedRooms rooms, SyncHealth health, TimeProvider time, ILogger<RegistryState> logger)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);

    private readonly Lock _gate = new();
    private Dictionary<string, InstanceInfo> _rows = new(StringComparer.Ordinal);
    private IReadOnlyList<InstanceInfo>? _marked = []; // null: changed since it was last marked
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;
    private volatile string? _problem;
    private volatile SenderDirectory _senders = SenderDirectory.Empty;

    public string? Problem { get => _problem; set => _problem = value; }

    /// <summary>The instances as of the last read or registry change, without reading again.</summary>
    public IReadOnlyList<InstanceInfo> Instances
    {
        get
        {
            lock (_gate) return _marked ??= NameClaims.Mark(_rows.Values, time.GetUtcNow().ToUnixTimeMilliseconds());
        }
    }

    /// <summary>Who each sender is, as of the latest state seen.</summary>
    public SenderDirectory Senders => _senders;

    /// <summary>At start: reads the shared room's state, the sender directory and the instance list at once.</summary>
    public async Task LoadAsync(RoomId sharedRoom, CancellationToken ct)
    {
        var state = await ReadListAsync(sharedRoom, ct);
        _senders = SenderDirectory.FromState(state, LogForged);
    }

    /// <summary>
    /// The instance list only. The sender directory is /sync's from here on: a state read that overlapped a
    /// registry change would otherwise put an older directory back, and a new agent would read as human.
    /// </summary>
    private async Task<IReadOnlyList<MatrixEvent>> ReadListAsync(RoomId sharedRoom, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var state = await client.GetRoomStateAsync(sharedRoom, ct);
        var listed = InstanceRegistry.List(state, now.ToUnixTimeMilliseconds());
        lock (_gate)
        {
            _rows = listed.ToDictionary(r => r.UserId, StringComparer.Ordinal);
            _marked = listed;
            _readAt = now;
        }
        return state;
    }

    /// <summary>
    /// State events of the shared room from /sync, oldest first. Registry entries also update the instance list,
    /// so a send's warnings see an agent's presence as of its last write, not as of the last full read. Each event
    /// replaces its one row; nothing is rebuilt, ordered or marked here.
    /// </summary>
    public void Apply(IReadOnlyList<MatrixEvent> stateEvents)
    {
        _senders = _senders.With(stateEvents, LogForged);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var e in stateEvents)
        {
            if (e.Type != InstanceEntry.EventType || e.StateKey is not { } key) continue;
            var row = InstanceRegistry.Trusted(e) is { } entry ? InstanceRegistry.Row(key, entry, now, e.OriginServerTs) : null;
            lock (_gate)
            {
                if (row is not null) _rows[key] = row;
                else if (!_rows.Remove(key)) continue;
                _marked = null;
            }
        }
    }

    /// <summary>
    /// The instances, read again when <paramref name="fresh"/>, or older than a minute while /sync is not keeping them
    /// current; the last read when the homeserver is away or does not answer within <paramref name="budget"/>.
    /// </summary>
    public async Task<IReadOnlyList<InstanceInfo>> ReadAsync(bool fresh, CancellationToken ct, TimeSpan? budget = null)
    {
        var now = time.GetUtcNow();
        DateTimeOffset readAt;
        lock (_gate) readAt = _readAt;
        if ((fresh || (now - readAt > MaxAge && !health.IsHealthy)) && rooms.SharedRoomOrNull is { } room)
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
            if (budget is { } b) bounded.CancelAfter(b);
            try
            {
                await ReadListAsync(room, bounded.Token);
            }
            catch (MatrixException)
            {
                // answer from the last read; liveness is recomputed by the caller
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // the homeserver hangs: the last read will do
            }
        }
        var instances = Instances;
        return rooms.SharedRoomOrNull is { } shared ? await ResolveClaimsAsync(shared, instances, ct, budget) : instances;
    }

    /// <summary>
    /// Who holds each name: the claims on a name several live accounts carry are checked with the homeserver, each
    /// claim event once. Within <paramref name="budget"/>; past it, or with the homeserver away, the marks of the last read.
    /// </summary>
    private async Task<IReadOnlyList<InstanceInfo>> ResolveClaimsAsync(RoomId room, IReadOnlyList<InstanceInfo> rows, CancellationToken ct, TimeSpan? budget)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (budget is { } b) bounded.CancelAfter(b);
        try
        {
            return await NameClaims.ResolveAsync(client, room, rows, time.GetUtcNow().ToUnixTimeMilliseconds(), _claims, bounded.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return rows;
        }
    }

    private readonly ClaimBook _claims = new();

    private readonly HashSet<string> _forgedSeen = new(StringComparer.Ordinal);

    /// <summary>Once per forged event, however often the state is read again.</summary>
    private void LogForged(MatrixEvent e)
    {
        var id = e.EventId?.Value ?? "";
        lock (_forgedSeen)
        {
            if (_forgedSeen.Count >= 1000) _forgedSeen.Clear();
            if (!_forgedSeen.Add(id)) return;
        }
        LogForgedEntry(logger, e.StateKey ?? "", e.Sender?.Value ?? "", id);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "registry: ignored the entry for {StateKey} sent by {Sender} ({EventId}): its user_id or sender is not the account it is for")]
    private static partial void LogForgedEntry(ILogger logger, string stateKey, string sender, string eventId);
}
