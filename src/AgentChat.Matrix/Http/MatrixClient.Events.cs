using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AgentChat.Matrix;

public sealed partial class MatrixClient
{
    /// <summary>
    /// Sends a room event under the caller's transaction id. The homeserver answers a repeated
    /// transaction id (same access token) with the first event's id, so a retry never duplicates.
    /// </summary>
    public Task<EventId> SendEventAsync<T>(RoomId room, string eventType, T content, JsonTypeInfo<T> contentType, string txnId, CancellationToken ct = default) =>
        SendEventAsync(room, eventType, Serialize(content, contentType), txnId, ct);

    public async Task<EventId> SendEventAsync(RoomId room, string eventType, byte[] contentJson, string txnId, CancellationToken ct = default) =>
        (await SendAsync(HttpMethod.Put,
            $"/_matrix/client/v3/rooms/{Escape(room.Value)}/send/{Escape(eventType)}/{Escape(txnId)}",
            contentJson, Json.EventIdResponse, ct)).EventId;

    public Task<EventId> PutStateAsync<T>(RoomId room, string eventType, string stateKey, T content, JsonTypeInfo<T> contentType, CancellationToken ct = default) =>
        PutStateAsync(room, eventType, stateKey, Serialize(content, contentType), ct);

    public async Task<EventId> PutStateAsync(RoomId room, string eventType, string stateKey, byte[] contentJson, CancellationToken ct = default) =>
        (await SendAsync(HttpMethod.Put, StatePath(room, eventType, stateKey), contentJson, Json.EventIdResponse, ct)).EventId;

    /// <summary>The content of one state event; <c>M_NOT_FOUND</c> when the room has none.</summary>
    public Task<JsonElement> GetStateAsync(RoomId room, string eventType, string stateKey = "", CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, StatePath(room, eventType, stateKey), null, Json.JsonElement, ct);

    /// <summary>Every current state event of the room.</summary>
    public async Task<IReadOnlyList<MatrixEvent>> GetRoomStateAsync(RoomId room, CancellationToken ct = default) =>
        await SendAsync(HttpMethod.Get, $"/_matrix/client/v3/rooms/{Escape(room.Value)}/state", null, Json.ListMatrixEvent, ct);

    public Task<MatrixEvent> GetEventAsync(RoomId room, EventId eventId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, $"/_matrix/client/v3/rooms/{Escape(room.Value)}/event/{Escape(eventId.Value)}", null, Json.MatrixEvent, ct);

    /// <summary>One page of room history from <paramref name="from"/> (a sync or pagination token).</summary>
    public Task<MessagesResponse> GetMessagesAsync(
        RoomId room, string? from, Direction direction, int limit = 100, string? to = null, string? filterJson = null, CancellationToken ct = default)
    {
        var query = $"?dir={(direction == Direction.Backward ? "b" : "f")}&limit={limit}";
        if (from is not null) query += $"&from={Escape(from)}";
        if (to is not null) query += $"&to={Escape(to)}";
        if (filterJson is not null) query += $"&filter={Escape(filterJson)}";
        return SendAsync(HttpMethod.Get, $"/_matrix/client/v3/rooms/{Escape(room.Value)}/messages{query}", null, Json.MessagesResponse, ct);
    }

    /// <summary>An event with pagination tokens around it: <c>End</c> pages forward from just after it.</summary>
    public Task<ContextResponse> GetContextAsync(RoomId room, EventId eventId, int limit = 0, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Get, $"/_matrix/client/v3/rooms/{Escape(room.Value)}/context/{Escape(eventId.Value)}?limit={limit}", null, Json.ContextResponse, ct);

    private static string StatePath(RoomId room, string eventType, string stateKey) =>
        $"/_matrix/client/v3/rooms/{Escape(room.Value)}/state/{Escape(eventType)}/{Escape(stateKey)}";
}
