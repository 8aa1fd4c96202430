using AgentChat.Matrix;

namespace AgentChat.Rooms;

/// <summary>
/// Which rooms are direct rooms of this account, from its <c>m.direct</c> account data: read again whenever a
/// room turns up that was not seen before, so a DM created a moment ago counts. A failed read keeps what was
/// known, and the room is asked about again next time.
/// </summary>
public sealed class DirectRoomCache(MatrixClient client, UserId self)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private HashSet<string> _direct = new(StringComparer.Ordinal);
    private readonly HashSet<string> _groupRooms = new(StringComparer.Ordinal);

    public async Task<bool> IsDirectAsync(string roomId, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_direct.Contains(roomId)) return true;
            if (_groupRooms.Contains(roomId)) return false;
            try
            {
                var map = await client.GetDirectRoomsAsync(self, ct);
                _direct = new HashSet<string>(map.Values.SelectMany(r => r), StringComparer.Ordinal);
            }
            catch (Exception e) when (e is MatrixException or HttpRequestException)
            {
                return false;
            }
            if (_direct.Contains(roomId)) return true;
            _groupRooms.Add(roomId);
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }
}
