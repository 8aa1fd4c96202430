using System.Net.Http.Headers;
using AgentChat.Cli.Gateway;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Messages.Wake;
using AgentChat.Receipts;

namespace AgentChat.Cli.Mcp.Channel;

/// <summary>
/// After a push was written to stdout, says so: to the daemon (<c>POST /hooks/delivered</c>, which puts the 👀 on),
/// or, with no daemon answering, by putting the 👀 reaction on each message itself. Off the pusher's path, in order.
/// </summary>
internal sealed class DeliveryReporter(Func<GatewayEndpoint?> daemon, MatrixClient? client, TextWriter log)
{
    private readonly System.Threading.Channels.Channel<IReadOnlyList<ChatMessage>> _pushed = System.Threading.Channels.Channel.CreateBounded<IReadOnlyList<ChatMessage>>(
        new System.Threading.Channels.BoundedChannelOptions(200) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <summary>A push went out with <paramref name="messages"/> (only those written in full count).</summary>
    public void Pushed(IReadOnlyList<ChatMessage> messages) => _pushed.Writer.TryWrite(messages.Take(WakeText.MaxListed).ToList());

    public async Task RunAsync(CancellationToken ct)
    {
        while (await _pushed.Reader.WaitToReadAsync(ct))
        {
            while (_pushed.Reader.TryRead(out var messages))
            {
                try
                {
                    if (await TellDaemonAsync(messages, ct)) continue;
                    if (client is null) continue;
                    foreach (var m in messages) await DeliveryReaction.SendAsync(client, new RoomId(m.RoomId), m.EventId, ct);
                }
                catch (Exception e) when (e is MatrixException or HttpRequestException or IOException or UsageException || e is OperationCanceledException && !ct.IsCancellationRequested)
                {
                    await log.WriteLineAsync($"cchat mcp: channel: could not mark a push delivered ({e.Message})");
                }
            }
        }
    }

    /// <summary>
    /// Before a push: of <paramref name="messages"/>, those the session does not have yet. The daemon answers
    /// (<c>POST /hooks/claim</c>), leaving out what a hook already handed over; with no daemon, or one that does not
    /// know the call, all of them.
    /// </summary>
    public async Task<IReadOnlyList<ChatMessage>> ClaimAsync(IReadOnlyList<ChatMessage> messages, CancellationToken ct)
    {
        if (daemon() is not { } gateway) return messages;
        var query = string.Join('&', messages.Select(m => "event_id=" + Uri.EscapeDataString(m.EventId)));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway.Url, "hooks/claim?" + query));
            if (gateway.Token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", gateway.Token);
            using var response = await Http.Client.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode) return messages;
            using var doc = await System.Text.Json.JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), default, ct);
            if (!doc.RootElement.TryGetProperty("event_ids", out var ids) || ids.ValueKind != System.Text.Json.JsonValueKind.Array) return messages;
            var claimed = ids.EnumerateArray().Where(e => e.ValueKind == System.Text.Json.JsonValueKind.String).Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal);
            return [.. messages.Where(m => claimed.Contains(m.EventId))];
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or IOException)
        {
            return messages; // the daemon is gone or answered nonsense: push, as without hooks
        }
    }

    private async Task<bool> TellDaemonAsync(IReadOnlyList<ChatMessage> messages, CancellationToken ct)
    {
        if (daemon() is not { } gateway) return false;
        var query = string.Join('&', messages.Select(m => "event_id=" + Uri.EscapeDataString(m.EventId)));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway.Url, "hooks/delivered?" + query));
            if (gateway.Token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", gateway.Token);
            using var response = await Http.Client.SendAsync(request, ct);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false; // the daemon is gone: this process marks them
        }
    }
}
