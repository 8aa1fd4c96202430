using AgentChat.Matrix;

namespace AgentChat.Rooms;

/// <summary>
/// Which rooms are direct rooms of this account, from its <c>m.direct</c> account data. A room known by an alias
/// (the shared room, configured rooms) is never one. Another room not listed is asked about again when the list
/// was read more than <see cref="Fresh"/> ago, so a DM made a moment ago (and listed only once joined) counts.
/// A failed read keeps what was known and counts as a read (a hanging homeserver is asked at most once per
/// <see cref="Fresh"/>, each time for at most <see cref="ReadBound"/>), so callers are never stalled for long.
/// </summary>
public sealed class DirectRoomCache(MatrixClient client, UserId self, TimeProvider time)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ReadBound = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private HashSet<string> _direct = new(StringComparer.Ordinal);
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

    public async Task<bool> IsDirectAsync(string roomId, string? alias, CancellationToken ct)
    {
        if (alias is not null) return false;
        await _gate.WaitAsync(ct);
        try
        {
            if (_direct.Contains(roomId)) return true;
            if (time.GetUtcNow() - _readAt < Fresh) return false;
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
            bound.CancelAfter(ReadBound);
            try
            {
                var map = await client.GetDirectRoomsAsync(self, bound.Token);
                _direct = new HashSet<string>(map.Values.SelectMany(r => r), StringComparer.Ordinal);
            }
            catch (Exception e) when (e is MatrixException or HttpRequestException
                                      || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
            }
            _readAt = time.GetUtcNow();
            return _direct.Contains(roomId);
        }
        finally
        {
            _gate.Release();
        }
    }
}
