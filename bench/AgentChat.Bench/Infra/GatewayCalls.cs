using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AgentChat.Gateway;

namespace AgentChat.Bench.Infra;

/// <summary>The gateway API as an agent calls it over HTTP.</summary>
internal static class GatewayCalls
{
    public static byte[] SendBody(string text) =>
        JsonSerializer.SerializeToUtf8Bytes(new SendRequest { Text = text }, GatewayJsonContext.Default.SendRequest);

    /// <summary>POST /send; returns the event id (202 queued counts as a failure here: the homeserver was up).</summary>
    public static async Task<string> SendAsync(HttpClient gateway, byte[] body, CancellationToken ct)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await gateway.PostAsync("send", content, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        if ((int)response.StatusCode != 200) throw new HttpRequestException($"gateway /send: HTTP {(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}");
        using var doc = JsonDocument.Parse(bytes);
        return doc.RootElement.GetProperty("event_id").GetString()!;
    }

    /// <summary>
    /// POST /send for a fleet under load: 200 sent or 202 queued (the daemon's outbox delivers it later, once) both
    /// count as accepted, and the caller times the message to its delivery; returns whether it was queued.
    /// </summary>
    public static async Task<bool> SendOrQueueAsync(HttpClient gateway, byte[] body, CancellationToken ct)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await gateway.PostAsync("send", content, ct);
        var status = (int)response.StatusCode;
        if (status is 200 or 202) return status == 202;
        throw new HttpRequestException($"gateway /send: HTTP {status} {await response.Content.ReadAsStringAsync(ct)}");
    }

    /// <summary>GET /read?since=&amp;wait=; returns the body and its next cursor.</summary>
    public static async Task<(byte[] Body, string Next)> ReadAsync(HttpClient gateway, string since, double waitSeconds, int limit, CancellationToken ct)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"read?since={Uri.EscapeDataString(since)}&limit={limit}&wait={waitSeconds}");
        var bytes = await gateway.GetByteArrayAsync(path, ct);
        using var doc = JsonDocument.Parse(bytes);
        return (bytes, doc.RootElement.GetProperty("next").GetString()!);
    }

    /// <summary>The newest cursor in the buffer: reading from here returns only what arrives next.</summary>
    public static async Task<string> LatestAsync(HttpClient gateway, CancellationToken ct)
    {
        var since = "0";
        for (var i = 0; i < 10; i++)
        {
            var (body, next) = await ReadAsync(gateway, since, 0, 1000, ct);
            if (next == since || !Contains(body, "\"cursor\"")) return next;
            since = next;
        }
        return since;
    }

    public static bool Contains(byte[] body, string marker) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker)) >= 0;
}
