using AgentChat.Decisions;
using AgentChat.Matrix;
using AgentChat.Sync;

namespace AgentChat.Cli.Decisions;

/// <summary>
/// Direct mode's way to hear of answers without polling: a /sync long-poll on the poll's room, filtered to poll responses,
/// ends and reactions. <see cref="StartAsync"/> takes the position before the first read; each <see cref="NextAsync"/> waits
/// from the last position, so an answer between a read and the wait is still heard.
/// </summary>
internal sealed class DirectDecisionFeed(MatrixClient client)
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(30);
    private string? _since;
    private string? _filter;

    public async Task StartAsync(RoomId room, CancellationToken ct)
    {
        _filter = SyncFilters.DecisionAnswersJson(room);
        _since = (await client.SyncAsync(null, TimeSpan.Zero, _filter, ct: ct)).NextBatch;
    }

    /// <summary>Completes when the sync brings an event relating to one of <paramref name="ids"/> (the poll, its text line).</summary>
    public async Task NextAsync(RoomId room, IReadOnlyList<string> ids, CancellationToken ct)
    {
        if (_since is null) await StartAsync(room, ct);
        while (true)
        {
            SyncResponse sync;
            try
            {
                sync = await client.SyncAsync(_since, Poll, _filter, ct: ct);
            }
            catch (MatrixException e) when (e.IsTransient)
            {
                await Task.Delay(e.RetryAfter ?? TimeSpan.FromSeconds(2), ct); // a homeserver hiccup does not end the wait
                continue;
            }
            _since = sync.NextBatch;
            if (sync.Rooms?.Join is { } joined && joined.TryGetValue(room, out var r)
                && r.Timeline?.Events.Any(e => DecisionLedger.Relation(e).Target is { } target && ids.Contains(target)) == true)
                return;
        }
    }
}
