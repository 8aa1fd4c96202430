using System.Text.Json;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Registry;
using AgentChat.Sync;

namespace AgentChat.Cli.Mcp.Channel;

/// <summary>
/// The channel's feed when no daemon runs: this process long-polls /sync itself (messages only), from the
/// moment it starts. Senders are bound from the shared room's registry, read again every few minutes.
/// </summary>
internal sealed class DirectFeed(MatrixClient client, RoomId sharedRoom, string? sharedAlias, TimeProvider time, TextWriter log)
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RegistryAge = TimeSpan.FromMinutes(2);

    public async Task RunAsync(ChannelFilter filter, ChannelPusher pusher, CancellationToken ct)
    {
        var filterJson = SyncFilters.MessagesJson(100);
        string? token = null;
        var senders = SenderDirectory.Empty;
        var sendersAt = DateTimeOffset.MinValue;
        var retry = TimeSpan.FromMilliseconds(250);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (time.GetUtcNow() - sendersAt > RegistryAge)
                {
                    senders = await SenderDirectory.ReadAsync(client, sharedRoom, ct);
                    sendersAt = time.GetUtcNow();
                }
                var sync = await client.SyncAsync(token, token is null ? TimeSpan.Zero : PollTimeout, filterJson, ct: ct);
                if (token is not null)
                {
                    foreach (var (room, joined) in sync.Rooms?.Join ?? new Dictionary<RoomId, JoinedRoom>())
                    {
                        var alias = room == sharedRoom ? sharedAlias : null;
                        foreach (var message in MessageParser.ParseAll(joined.Timeline?.Events ?? [], room, alias, senders))
                            if (await filter.AcceptAsync(message, ct)) await pusher.OfferAsync(message, ct);
                    }
                }
                if (token is null) await log.WriteLineAsync("cchat mcp: channel: connected to /sync");
                token = sync.NextBatch; // the first sync only takes the position: the channel pushes what arrives from now on
                retry = TimeSpan.FromMilliseconds(250);
            }
            catch (Exception e) when (e is MatrixException or HttpRequestException or IOException || e is OperationCanceledException && !ct.IsCancellationRequested)
            {
                await log.WriteLineAsync($"cchat mcp: channel: /sync failed ({e.Message}); retrying in {retry.TotalSeconds:0.#} s");
                await Task.Delay(retry, time, ct);
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }
}
