using System.Diagnostics;
using AgentChat.Bench.Infra;

namespace AgentChat.Bench.Benchmarks;

/// <summary>
/// 1. Agent to agent: daemon A POST /send → daemon B's parked GET /read?wait returns it. Baseline: RA's raw PUT
/// /send seen by RB's raw /sync long-poll (the daemon's own filter). Samples alternate, so drift hits both alike.
/// </summary>
internal static class LatencyBench
{
    private static readonly TimeSpan Park = TimeSpan.FromMilliseconds(40);

    public static async Task RunAsync(BenchEnvironment env, ResultTable table, CancellationToken ct)
    {
        var n = env.Options.Reps(120, 20);
        var cursor = await GatewayCalls.LatestAsync(env.DaemonB.Http, ct);
        var baseline = await RawSyncBaseline.StartAsync(env, ct);
        var (g, gs, r, rs) = await Alternating.SampleAsync(n, async i =>
        {
            // catch up: what the raw path sent meanwhile must not satisfy this read
            cursor = (await GatewayCalls.ReadAsync(env.DaemonB.Http, cursor, 0, 1000, ct)).Next;
            var (total, send, next) = await GatewayOnceAsync(env, cursor, $"lat-g-{i}-{Guid.NewGuid():N}", ct);
            cursor = next;
            return (Total: total, Send: send);
        }, i => baseline.SampleAsync($"lat-r-{i}-{Guid.NewGuid():N}", ct));
        var ratio = g.P50 / r.P50;
        table.Add(new Row("1. agent→agent latency (A /send → B /read?wait)", ResultTable.Ms(g),
            "raw PUT /send → raw /sync long-poll", ResultTable.Ms(r), ResultTable.X(ratio), "p50 ≤ 1.10× baseline", ResultTable.Met(ratio <= 1.10)));
        table.Note(ResultTable.F("latency stages (n={0} each): A's POST /send answered in {1}, the raw PUT in {2}; delivery after the send answered: gateway {3:0.0} ms, raw {4:0.0} ms (p50 of total − p50 of send)",
            g.N, ResultTable.Ms(gs), ResultTable.Ms(rs), g.P50 - gs.P50, r.P50 - rs.P50));
    }

    internal static async Task<(double Total, double Send, string Next)> GatewayOnceAsync(BenchEnvironment env, string cursor, string marker, CancellationToken ct)
    {
        var body = GatewayCalls.SendBody(marker);
        var read = ReadUntilAsync(env, cursor, marker, ct);
        await Task.Delay(Park, ct); // the read is parked on the buffer's signal
        var sw = Stopwatch.StartNew();
        await GatewayCalls.SendAsync(env.DaemonA.Http, body, ct);
        var send = sw.Elapsed.TotalMilliseconds;
        var (seenAt, next) = await read;
        return ((seenAt - sw.ElapsedAtStart()).TotalMilliseconds, send, next);
    }

    private static async Task<(TimeSpan SeenAt, string Next)> ReadUntilAsync(BenchEnvironment env, string cursor, string marker, CancellationToken ct)
    {
        for (var tries = 0; tries < 20; tries++)
        {
            var (body, next) = await GatewayCalls.ReadAsync(env.DaemonB.Http, cursor, 30, 1000, ct);
            var at = Clock.Now;
            if (GatewayCalls.Contains(body, marker)) return (at, next);
            cursor = next;
        }
        throw new TimeoutException($"daemon B never returned {marker}");
    }
}
