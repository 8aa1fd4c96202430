using System.Net.Http.Headers;
using System.Text.Json;
using AgentChat.Cli.Agent;
using AgentChat.Cli.Contract;
using AgentChat.Cli.Gateway;
using AgentChat.Gateway;
using AgentChat.Messages;

namespace AgentChat.Cli.Mcp.Channel;

/// <summary>
/// The channel's feed through the daemon: <c>GET /events?wake=channel</c>, reconnecting after a dropped stream
/// or a restarted daemon (found again through its discovery file) with <c>Last-Event-ID</c> set to the last
/// message received. A daemon that restarted replays its whole buffer for an old cursor; the filter drops what
/// was already seen, so nothing is pushed twice, and what arrived while it was down is in that buffer.
/// </summary>
internal sealed class DaemonFeed(HttpClient http, Func<GatewayEndpoint?> endpoint, TextWriter log)
{
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(2);

    public async Task RunAsync(ChannelFilter filter, ChannelPusher pusher, CancellationToken ct)
    {
        // From the start of the buffer: what was seeded is dropped as seen, what landed since the seed is not lost.
        string? last = "0";
        var seeded = false;
        var retry = TimeSpan.FromMilliseconds(100);
        var down = false;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var gateway = endpoint() ?? throw new HttpRequestException("no daemon discovery file");
                if (!seeded)
                {
                    filter.Seed(await HeldAsync(gateway, ct));
                    seeded = true;
                }
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway.Url, "events?wake=channel"));
                if (gateway.Token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", gateway.Token);
                if (last is not null) request.Headers.TryAddWithoutValidation("Last-Event-ID", last);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                if (!response.IsSuccessStatusCode) throw new HttpRequestException($"the gateway answered {(int)response.StatusCode}");
                await log.WriteLineAsync($"cchat mcp: channel: connected to the daemon's event stream at {gateway.Url}{(down ? " again" : "")}");
                down = false;
                retry = TimeSpan.FromMilliseconds(100);
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
                string? id = null, kind = null, data = null;
                while (await reader.ReadLineAsync(ct) is { } line)
                {
                    if (line.Length == 0)
                    {
                        if (kind == "message" && data is not null && Parse(data) is { } message)
                        {
                            if (await filter.AcceptAsync(message, ct)) await pusher.OfferAsync(message, ct);
                            last = id ?? last;
                        }
                        else if (kind == "activity")
                        {
                            pusher.SetBusy(data == "busy");
                            await log.WriteLineAsync($"cchat mcp: channel: the session is {(data == "busy" ? "busy: holding pushes" : "idle")}");
                        }
                        id = kind = data = null;
                    }
                    else if (line.StartsWith("id: ", StringComparison.Ordinal)) id = line[4..];
                    else if (line.StartsWith("event: ", StringComparison.Ordinal)) kind = line[7..];
                    else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line[6..];
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException or GatewayException or UsageException || e is OperationCanceledException && !ct.IsCancellationRequested)
            {
                if (!down) await log.WriteLineAsync($"cchat mcp: channel: the daemon's event stream is gone ({e.Message}); retrying");
                down = true;
            }
            pusher.SetBusy(false);
            await Task.Delay(retry, ct);
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, MaxRetry.Ticks));
        }
    }

    /// <summary>Everything the daemon holds now (a peek, nothing marked read).</summary>
    private async Task<IReadOnlyList<ChatMessage>> HeldAsync(GatewayEndpoint gateway, CancellationToken ct)
    {
        var read = await new GatewayClient(http, gateway).ReadAsync(new ReadArgs { Since = "0", Limit = 1000 }, ct);
        return read.Messages;
    }

    private static ChatMessage? Parse(string data)
    {
        try
        {
            return JsonSerializer.Deserialize(data, GatewayJsonContext.Default.ChatMessage);
        }
        catch (JsonException)
        {
            return null; // one unreadable event does not stop the feed
        }
    }
}
