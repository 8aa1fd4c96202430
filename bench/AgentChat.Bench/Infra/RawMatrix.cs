using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace AgentChat.Bench.Infra;

/// <summary>
/// The transport with nothing of AgentChat in between: one HttpClient, hand-made requests, bodies kept as bytes.
/// This is what every baseline uses.
/// </summary>
internal sealed class RawMatrix(HttpClient http, Uri homeserver)
{
    private long _txn = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;

    public Uri Homeserver => homeserver;

    public string NextTxn() => "raw" + Interlocked.Increment(ref _txn).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string SendUrl(string roomId, string txn) =>
        new Uri(homeserver, $"/_matrix/client/v3/rooms/{Uri.EscapeDataString(roomId)}/send/m.room.message/{txn}").ToString();

    /// <summary>PUT /rooms/{id}/send: returns the event id.</summary>
    public async Task<string> SendAsync(string token, string roomId, byte[] content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, SendUrl(roomId, NextTxn()));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Content = new ByteArrayContent(content);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.SendAsync(request, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"raw send: HTTP {(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}");
        using var doc = JsonDocument.Parse(bytes);
        return doc.RootElement.GetProperty("event_id").GetString()!;
    }

    public async Task<string> PutStateAsync(string token, string roomId, string type, string stateKey, byte[] content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put,
            new Uri(homeserver, $"/_matrix/client/v3/rooms/{Uri.EscapeDataString(roomId)}/state/{Uri.EscapeDataString(type)}/{Uri.EscapeDataString(stateKey)}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Content = new ByteArrayContent(content);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.SendAsync(request, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"raw state: HTTP {(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}");
        using var doc = JsonDocument.Parse(bytes);
        return doc.RootElement.GetProperty("event_id").GetString()!;
    }

    /// <summary>Any authenticated GET; the body as bytes.</summary>
    public async Task<byte[]> GetAsync(string token, string pathAndQuery, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(homeserver, pathAndQuery));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"raw GET {pathAndQuery.Split('?')[0]}: HTTP {(int)response.StatusCode}");
        return bytes;
    }

    /// <summary>One /sync; returns the body and its next_batch.</summary>
    public async Task<(byte[] Body, string NextBatch)> SyncAsync(string token, string? since, int timeoutMs, string? filter, CancellationToken ct)
    {
        var query = $"/_matrix/client/v3/sync?timeout={timeoutMs}";
        if (since is not null) query += "&since=" + Uri.EscapeDataString(since);
        if (filter is not null) query += "&filter=" + Uri.EscapeDataString(filter);
        var body = await GetAsync(token, query, ct);
        using var doc = JsonDocument.Parse(body);
        return (body, doc.RootElement.GetProperty("next_batch").GetString()!);
    }

    /// <summary>/sync long-polls from <paramref name="since"/> until one returns <paramref name="marker"/>: when that was (on
    /// <see cref="Clock"/>) and the next batch.</summary>
    public async Task<(TimeSpan SeenAt, string Next)> SyncUntilAsync(string token, string since, string? filter, string marker, CancellationToken ct)
    {
        for (var tries = 0; tries < 20; tries++)
        {
            var (body, next) = await SyncAsync(token, since, 30_000, filter, ct);
            var at = Clock.Now;
            if (GatewayCalls.Contains(body, marker)) return (at, next);
            since = next;
        }
        throw new TimeoutException($"raw /sync never returned {marker}");
    }
}
