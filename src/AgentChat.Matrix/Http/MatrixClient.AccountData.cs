using System.Text.Json;

namespace AgentChat.Matrix;

public sealed partial class MatrixClient
{
    /// <summary>Global account data of <paramref name="type"/>; <c>M_NOT_FOUND</c> when never set.</summary>
    public Task<JsonElement> GetAccountDataAsync(UserId user, string type, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, AccountDataPath(user, type), null, Json.JsonElement, ct);

    public async Task SetAccountDataAsync(UserId user, string type, byte[] contentJson, CancellationToken ct = default) =>
        await SendAsync(HttpMethod.Put, AccountDataPath(user, type), contentJson, Json.EmptyObject, ct);

    /// <summary>Room account data of <paramref name="type"/>; <c>M_NOT_FOUND</c> when never set.</summary>
    public Task<JsonElement> GetRoomAccountDataAsync(UserId user, RoomId room, string type, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, $"/_matrix/client/v3/user/{Escape(user.Value)}/rooms/{Escape(room.Value)}/account_data/{Escape(type)}", null, Json.JsonElement, ct);

    /// <summary>The event this account has fully read in the room (<c>m.fully_read</c>), or null.</summary>
    public async Task<EventId?> GetFullyReadAsync(UserId user, RoomId room, CancellationToken ct = default)
    {
        try
        {
            var content = await GetRoomAccountDataAsync(user, room, EventTypes.FullyRead, ct);
            return content.ValueKind == JsonValueKind.Object && content.TryGetProperty("event_id", out var id)
                   && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } value ? new EventId(value) : null;
        }
        catch (MatrixException e) when (e.ErrCode == MatrixErrorCodes.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// The <c>m.direct</c> map: user id → the direct rooms shared with them. Another client may have written it
    /// badly: a value that is not a list keeps only its strings, or reads as no rooms.
    /// </summary>
    public async Task<Dictionary<string, List<string>>> GetDirectRoomsAsync(UserId user, CancellationToken ct = default)
    {
        try
        {
            return ReadDirectRooms(await GetAccountDataAsync(user, EventTypes.Direct, ct));
        }
        catch (MatrixException e) when (e.ErrCode == MatrixErrorCodes.NotFound)
        {
            return [];
        }
    }

    /// <summary>Total read of an <c>m.direct</c> content.</summary>
    public static Dictionary<string, List<string>> ReadDirectRooms(JsonElement content)
    {
        var map = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (content.ValueKind != JsonValueKind.Object) return map;
        foreach (var user in content.EnumerateObject())
        {
            if (user.Value.ValueKind != JsonValueKind.Array) continue;
            var rooms = user.Value.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!).ToList();
            if (rooms.Count > 0) map[user.Name] = rooms;
        }
        return map;
    }

    public Task SetDirectRoomsAsync(UserId user, Dictionary<string, List<string>> direct, CancellationToken ct = default) =>
        SetAccountDataAsync(user, EventTypes.Direct, Serialize(direct, Json.DictionaryStringListString), ct);

    /// <summary>Sends an <c>m.read</c> receipt: Element shows the account as having read up to the event.</summary>
    public async Task SendReadReceiptAsync(RoomId room, EventId eventId, CancellationToken ct = default) =>
        await SendAsync(HttpMethod.Post, $"/_matrix/client/v3/rooms/{Escape(room.Value)}/receipt/m.read/{Escape(eventId.Value)}",
            "{}"u8.ToArray(), Json.EmptyObject, ct);

    /// <summary>Moves the fully-read marker and the read receipt in one call.</summary>
    public async Task SetReadMarkersAsync(RoomId room, EventId fullyRead, EventId? read = null, CancellationToken ct = default) =>
        await SendAsync(HttpMethod.Post, $"/_matrix/client/v3/rooms/{Escape(room.Value)}/read_markers",
            Serialize(new ReadMarkersRequest(fullyRead, read), Json.ReadMarkersRequest), Json.EmptyObject, ct);

    private static string AccountDataPath(UserId user, string type) =>
        $"/_matrix/client/v3/user/{Escape(user.Value)}/account_data/{Escape(type)}";
}
