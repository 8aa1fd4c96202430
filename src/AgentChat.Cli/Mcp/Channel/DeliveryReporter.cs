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
