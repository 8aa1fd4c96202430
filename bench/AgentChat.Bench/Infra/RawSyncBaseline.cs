using System.Diagnostics;
using AgentChat.Messages;

namespace AgentChat.Bench.Infra;

/// <summary>
/// The baseline of the delivery rows: RA's raw PUT /send seen by RB's raw /sync long-poll with the daemon's own filter.
/// It keeps RB's sync position from one sample to the next.
/// </summary>
internal sealed class RawSyncBaseline
{
    private static readonly TimeSpan Park = TimeSpan.FromMilliseconds(40);
    private readonly BenchEnvironment _env;
    private string _since;

    private RawSyncBaseline(BenchEnvironment env, string since)
    {
        _env = env;
        _since = since;
    }

    public static async Task<RawSyncBaseline> StartAsync(BenchEnvironment env, CancellationToken ct)
    {
        var (_, since) = await env.Raw.SyncAsync(env.RB.Token, null, 0, env.DaemonFilterId, ct);
        return new RawSyncBaseline(env, since);
    }

    /// <summary>One sample: catch up on what was sent meanwhile, park the long-poll, send. Milliseconds from the send to the
    /// sync that returned it, and for the send alone.</summary>
    public async Task<(double Total, double Send)> SampleAsync(string marker, CancellationToken ct)
    {
        _since = (await _env.Raw.SyncAsync(_env.RB.Token, _since, 0, _env.DaemonFilterId, ct)).NextBatch;
        var content = MessageComposer.Compose(new OutgoingMessage { Text = marker, Instance = _env.RA.Localpart });
        var sync = _env.Raw.SyncUntilAsync(_env.RB.Token, _since, _env.DaemonFilterId, marker, ct);
        await Task.Delay(Park, ct);
        var sw = Stopwatch.StartNew();
        await _env.Raw.SendAsync(_env.RA.Token, _env.RoomId, content, ct);
        var send = sw.Elapsed.TotalMilliseconds;
        var (seenAt, next) = await sync;
        _since = next;
        return ((seenAt - sw.ElapsedAtStart()).TotalMilliseconds, send);
    }

    /// <summary>A batch: <paramref name="markers"/> sent one after the other by RA; milliseconds from the first send to
    /// the /sync that had returned them all.</summary>
    public async Task<double> SampleBatchAsync(IReadOnlyList<string> markers, CancellationToken ct)
    {
        _since = (await _env.Raw.SyncAsync(_env.RB.Token, _since, 0, _env.DaemonFilterId, ct)).NextBatch;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var since = _since;
        async Task<TimeSpan> SyncAllAsync()
        {
            for (var tries = 0; tries < 40; tries++)
            {
                var (body, next) = await _env.Raw.SyncAsync(_env.RB.Token, since, 30_000, _env.DaemonFilterId, ct);
                var at = Clock.Now;
                since = next;
                foreach (var m in markers) if (GatewayCalls.Contains(body, m)) seen.Add(m);
                if (seen.Count == markers.Count) return at;
            }
            throw new TimeoutException("raw /sync never returned the whole batch");
        }
        var sync = SyncAllAsync();
        await Task.Delay(Park, ct);
        var sw = Stopwatch.StartNew();
        foreach (var m in markers)
            await _env.Raw.SendAsync(_env.RA.Token, _env.RoomId, MessageComposer.Compose(new OutgoingMessage { Text = m, Instance = _env.RA.Localpart }), ct);
        var seenAt = await sync;
        _since = since;
        return (seenAt - sw.ElapsedAtStart()).TotalMilliseconds;
    }
}
