using System.Text.Json;
using AgentChat.Gateway;

namespace AgentChat.Cli.Gateway;

internal sealed partial class GatewayClient
{
    public async Task<SendResponse> ReactAsync(ReactRequest request, CancellationToken ct)
    {
        using var response = await CallAsync(HttpMethod.Post, "react", JsonSerializer.SerializeToUtf8Bytes(request, Json.ReactRequest), CallTimeout, ct);
        return Deserialize(await response.Content.ReadAsByteArrayAsync(ct), Json.SendResponse);
    }

    public Task<ReactionsResponse> ReactionsAsync(string eventId, string? room, CancellationToken ct) =>
        GetAsync("reactions?event_id=" + Uri.EscapeDataString(eventId) + (room is null ? "" : "&room=" + Uri.EscapeDataString(room)), Json.ReactionsResponse, ct);
}
