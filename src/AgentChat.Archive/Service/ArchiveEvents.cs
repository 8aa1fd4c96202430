using System.Text.Json;
using AgentChat.Archive.Store;
using AgentChat.Matrix;
using AgentChat.Registry;

namespace AgentChat.Archive.Service;

/// <summary>Registry changes and read receipts out of strangers' events; total: what cannot be read is left out.</summary>
internal static class ArchiveEvents
{
    private const int MaxContentDepth = 32;

    public static bool IsRegistry(MatrixEvent e) =>
        e.StateKey is not null && (e.Type == InstanceEntry.EventType || e.Type == HumansSetting.EventType);

    public static RegistryRow? Registry(MatrixEvent e, RoomId room)
    {
        if (!IsRegistry(e) || e.EventId?.Value is not { Length: > 0 } id || e.Sender?.Value is not { Length: > 0 } sender) return null;
        var c = e.Content;
        var isObject = c.ValueKind == JsonValueKind.Object;
        string? Field(string name) => isObject ? JsonFields.String(c, name) : null;
        var content = isObject && JsonFields.DepthAtMost(c, MaxContentDepth) ? PgText.Json(c) : null;
        return new RegistryRow(id, room.Value, e.Type, e.StateKey!, sender, Field("instance"), Field("status"), Field("kind"), content, e.OriginServerTs);
    }

    /// <summary>The receipts of one <c>m.receipt</c> event: <c>{event_id: {type: {user_id: {ts, thread_id?}}}}</c>.</summary>
    public static IEnumerable<ReceiptRow> Receipts(MatrixEvent e, RoomId room)
    {
        if (e.Type != EventTypes.Receipt || e.Content.ValueKind != JsonValueKind.Object) yield break;
        foreach (var byEvent in e.Content.EnumerateObject())
        {
            if (byEvent.Name.Length == 0 || byEvent.Value.ValueKind != JsonValueKind.Object) continue;
            foreach (var byType in byEvent.Value.EnumerateObject())
            {
                if (byType.Value.ValueKind != JsonValueKind.Object) continue;
                foreach (var byUser in byType.Value.EnumerateObject())
                {
                    if (byUser.Name.Length == 0 || byUser.Value.ValueKind != JsonValueKind.Object) continue;
                    var ts = JsonFields.Long(byUser.Value, "ts") ?? 0;
                    yield return new ReceiptRow(room.Value, byEvent.Name, byUser.Name, byType.Name, JsonFields.String(byUser.Value, "thread_id"), ts);
                }
            }
        }
    }
}
