using System.Diagnostics;
using System.Text.Json;
using AgentChat.Bench.Infra;
using AgentChat.Messages;

namespace AgentChat.Bench.Benchmarks;

/// <summary>
/// 4. Throughput: k concurrent senders, each sending its share one after the other (awaiting each answer),
/// through A's gateway, and the same on raw PUT /send with one account. Per-sender order is checked against
/// the room's timeline (/messages) after every trial.
/// </summary>
internal static class ThroughputBench
{
    public static async Task RunAsync(BenchEnvironment env, ResultTable table, CancellationToken ct)
    {
        var trials = env.Options.Reps(4, 2);
        var perTrial = env.Options.Reps(64, 48);
        foreach (var senders in new[] { 1, 4, 16 })
        {
            var gateway = new List<double>();
            var raw = new List<double>();
            var orderOk = true;
            for (var t = -1; t < trials; t++) // trial -1 warms up
            {
                for (var which = 0; which < 2; which++)
                {
                    var viaGateway = (t + which) % 2 == 0; // alternate which goes first
                    var (rate, ids) = await TrialAsync(env, senders, perTrial / senders, viaGateway, ct);
                    orderOk &= await OrderKeptAsync(env, ids, ct);
                    if (t < 0) continue;
                    (viaGateway ? gateway : raw).Add(rate);
                }
            }
            var g = Stats.Of(gateway);
            var r = Stats.Of(raw);
            var ratio = g.P50 / r.P50;
            table.Add(new Row($"4. throughput, {senders} concurrent sender{(senders > 1 ? "s" : "")} (msg/s)", ResultTable.Per(g, "msg/s"),
                $"raw PUT /send, {senders} concurrent", ResultTable.Per(r, "msg/s"), ResultTable.X(ratio),
                "≥ 0.90× raw, per-sender order kept", ResultTable.Met(ratio >= 0.90 && orderOk) + (orderOk ? ", order kept" : ", **order broken**")));
        }
    }

    private static async Task<(double Rate, List<string>[] Ids)> TrialAsync(BenchEnvironment env, int senders, int each, bool viaGateway, CancellationToken ct)
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        var ids = Enumerable.Range(0, senders).Select(_ => new List<string>(each)).ToArray();
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, senders).Select(s => Task.Run(async () =>
        {
            for (var i = 0; i < each; i++)
            {
                var text = $"tp-{run}-{s}-{i}";
                ids[s].Add(viaGateway
                    ? await GatewayCalls.SendAsync(env.DaemonA.Http, GatewayCalls.SendBody(text), ct)
                    : await env.Raw.SendAsync(env.RA.Token, env.RoomId, MessageComposer.Compose(new OutgoingMessage { Text = text, Instance = env.RA.Localpart }), ct));
            }
        }, ct)));
        return (senders * each / sw.Elapsed.TotalSeconds, ids);
    }

    /// <summary>Each sender's events appear in the room's timeline in the order it sent them.</summary>
    private static async Task<bool> OrderKeptAsync(BenchEnvironment env, List<string>[] ids, CancellationToken ct)
    {
        var wanted = ids.SelectMany(x => x).ToHashSet(StringComparer.Ordinal);
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        string? from = null;
        var index = 0;
        for (var page = 0; page < 20 && position.Count < wanted.Count; page++)
        {
            var query = $"/_matrix/client/v3/rooms/{Uri.EscapeDataString(env.RoomId)}/messages?dir=b&limit=100"
                        + (from is null ? "" : "&from=" + Uri.EscapeDataString(from));
            using var doc = JsonDocument.Parse(await env.Raw.GetAsync(env.RB.Token, query, ct));
            foreach (var e in doc.RootElement.GetProperty("chunk").EnumerateArray())
            {
                var id = e.GetProperty("event_id").GetString()!;
                if (wanted.Contains(id)) position[id] = -index; // newest first: negate so larger = later
                index++;
            }
            if (!doc.RootElement.TryGetProperty("end", out var end)) break;
            from = end.GetString();
        }
        if (position.Count < wanted.Count) return false;
        return ids.All(list => list.Zip(list.Skip(1)).All(p => position[p.First] < position[p.Second]));
    }
}
