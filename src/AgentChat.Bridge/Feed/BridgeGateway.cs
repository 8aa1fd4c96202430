using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AgentChat.Gateway;
using AgentChat.Tasks;

namespace AgentChat.Bridge.Feed;

/// <summary>
/// The bridge's daemon, through its public HTTP gateway and the core's DTOs only: send, presence, tasks, the
/// buffer peek and the event stream. Errors come back as <see cref="GatewayReply"/> values; only a broken
/// connection throws.
/// </summary>
internal sealed class BridgeGateway(HttpClient http)
{
    public static HttpClient CreateHttp(Uri gateway, string token)
    {
        var client = new HttpClient { BaseAddress = gateway, Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient Http => http;

    public async Task<bool> HealthyAsync(CancellationToken ct)
    {
        using var r = await http.GetAsync(new Uri("health", UriKind.Relative), ct);
        return r.IsSuccessStatusCode;
    }

    /// <summary>Everything the daemon's buffer holds, oldest first (a peek: nothing is marked read).</summary>
    public async Task<ReadResponse> PeekBufferAsync(CancellationToken ct) =>
        await GetAsync("read?since=0&limit=1000", GatewayJsonContext.Default.ReadResponse, ct) ?? new ReadResponse([], "0");

    public async Task<GatewayReply> SendAsync(SendRequest request, CancellationToken ct) =>
        await PostAsync("send", request, GatewayJsonContext.Default.SendRequest, ct);

    public async Task<GatewayReply> SetPresenceAsync(bool busy, string? on, CancellationToken ct) =>
        await PostAsync("presence", new PresenceRequest { Busy = busy, On = on }, GatewayJsonContext.Default.PresenceRequest, ct);

    /// <summary>The task, or null when the id is not a task.</summary>
    public async Task<TaskView?> GetTaskAsync(string id, CancellationToken ct) =>
        (await GetAsync($"tasks/{Uri.EscapeDataString(id)}", TasksJsonContext.Default.TaskResponse, ct))?.Task;

    public async Task<GatewayReply> MoveTaskAsync(string id, TaskMoveRequest request, CancellationToken ct) =>
        await PostAsync($"tasks/{Uri.EscapeDataString(id)}", request, TasksJsonContext.Default.TaskMoveRequest, ct);

    private async Task<T?> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken ct) where T : class
    {
        using var r = await http.GetAsync(new Uri(path, UriKind.Relative), ct);
        if (r.StatusCode == HttpStatusCode.NotFound) return null;
        if (!r.IsSuccessStatusCode) throw new HttpRequestException($"the gateway answered {(int)r.StatusCode} to GET /{path.Split('?')[0]}", null, r.StatusCode);
        return await r.Content.ReadFromJsonAsync(type, ct);
    }

    private async Task<GatewayReply> PostAsync<T>(string path, T body, JsonTypeInfo<T> type, CancellationToken ct)
    {
        using var r = await http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body, type, ct);
        var text = await r.Content.ReadAsStringAsync(ct);
        string? eventId = null, error = null, code = null;
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                eventId = Str(doc.RootElement, "event_id");
                error = Str(doc.RootElement, "error");
                code = Str(doc.RootElement, "code");
            }
        }
        catch (JsonException)
        {
            error = $"not JSON ({text.Length} characters)";
        }
        return new GatewayReply((int)r.StatusCode, eventId, code, error);
    }

    private static string? Str(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
