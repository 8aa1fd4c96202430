using System.Text.Json;
using AgentChat.Gateway;
using AgentChat.Matrix;

namespace AgentChat.Registry;

/// <summary>The registry of instances: Matrix room state in the shared room, no database.</summary>
public static class InstanceRegistry
{
    public static Task<EventId> WriteAsync(MatrixClient client, RoomId room, UserId self, InstanceEntry entry, CancellationToken ct) =>
        client.PutStateAsync(room, InstanceEntry.EventType, self.Value, entry, GatewayJsonContext.Default.InstanceEntry, ct);

    public static async Task<IReadOnlyList<InstanceInfo>> ReadAsync(MatrixClient client, RoomId room, long nowMs, CancellationToken ct)
    {
        var state = await client.GetRoomStateAsync(room, ct);
        var rows = new List<InstanceInfo>();
        foreach (var e in state)
        {
            if (e.Type != InstanceEntry.EventType || e.StateKey is not { Length: > 0 } userId) continue;
            InstanceEntry? entry;
            try
            {
                entry = e.Content.Deserialize(GatewayJsonContext.Default.InstanceEntry);
            }
            catch (JsonException)
            {
                continue; // an entry this version cannot read is not an instance it can list
            }
            if (entry is null) continue;
            rows.Add(new InstanceInfo
            {
                UserId = userId,
                Instance = entry.Instance,
                Alive = entry.IsAlive(nowMs),
                Kind = entry.Kind,
                Status = entry.Status,
                Host = entry.Host,
                Version = entry.Version,
                Description = entry.Description,
                Capabilities = entry.Capabilities,
                StartedAt = entry.StartedAt,
                LastSeen = entry.LastSeen,
            });
        }
        return rows.OrderByDescending(r => r.Alive).ThenBy(r => r.Instance, StringComparer.Ordinal).ToList();
    }
}
