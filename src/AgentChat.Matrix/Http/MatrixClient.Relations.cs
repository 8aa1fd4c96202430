using System.Text.Json;

namespace AgentChat.Matrix;

public sealed partial class MatrixClient
{
    /// <summary>
    /// One page of the events related to <paramref name="parent"/> by <paramref name="relType"/> (e.g. <c>m.thread</c>),
    /// newest first (oldest first with <paramref name="forward"/>), and the token of the next page (null at the end); a null
    /// <paramref name="relType"/> asks for every relation. Events that do not read as events are left out.
    /// </summary>
    public async Task<(IReadOnlyList<MatrixEvent> Events, string? Next)> GetRelationsAsync(
        RoomId room, EventId parent, string? relType, string? from, int limit = 100, CancellationToken ct = default, bool forward = false)
    {
        var query = $"?limit={limit}&dir={(forward ? "f" : "b")}";
        if (from is not null) query += $"&from={Escape(from)}";
        var page = await SendAsync(HttpMethod.Get,
            $"/_matrix/client/v1/rooms/{Escape(room.Value)}/relations/{Escape(parent.Value)}{(relType is null ? "" : "/" + Escape(relType))}{query}", null, Json.JsonElement, ct);
        var events = new List<MatrixEvent>();
        if (page.ValueKind == JsonValueKind.Object && page.TryGetProperty("chunk", out var chunk) && chunk.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in chunk.EnumerateArray())
            {
                try
                {
                    if (item.Deserialize(Json.MatrixEvent) is { } e) events.Add(e);
                }
                catch (JsonException)
                {
                    // a stranger's event that is not an event: the rest of the page still counts
                }
            }
        }
        var next = page.ValueKind == JsonValueKind.Object && page.TryGetProperty("next_batch", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        return (events, next);
    }
}
