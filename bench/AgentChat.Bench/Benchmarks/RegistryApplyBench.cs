using System.Collections.Frozen;
using System.Diagnostics;
using System.Text.Json;
using AgentChat.Bench.Infra;
using AgentChat.Matrix;
using AgentChat.Registry;

namespace AgentChat.Bench.Benchmarks;

/// <summary>
/// 7f. What one heartbeat costs a daemon that applies it, at N agents in the registry, in-process (no homeserver):
/// the sender directory and the instance list updated as RegistryState.Apply does since issue #27 (one entry
/// replaced), against the baseline of what it did before, reproduced here (the directory copied and frozen again, the
/// instance list copied, marked and sorted on every beat). Each sample is the mean over 500 beats.
/// </summary>
internal static class RegistryApplyBench
{
    private const int BeatsPerSample = 500;

    public static void Run(ResultTable table, int samples)
    {
        foreach (var n in (int[])[50, 200, 1000])
        {
            var state = Enumerable.Range(0, n).Select(i => Entry(i, 1)).ToList();
            var beats = Enumerable.Range(0, BeatsPerSample).Select(k => Entry(k * 7 % n, 60_000 + k)).ToList();
            var now = 120_000L;
            var ours = new List<double>();
            var before = new List<double>();
            for (var s = 0; s < samples + 1; s++)
            {
                var o = Current(state, beats, now);
                var b = Before(state, beats, now);
                if (s == 0) continue; // warm-up
                ours.Add(o);
                before.Add(b);
            }
            var (os, bs) = (Stats.Of(ours), Stats.Of(before));
            table.Add(new Row(ResultTable.F("7f. registry: one heartbeat applied by a daemon, {0} agents (µs)", n),
                ResultTable.F("{0:0.0} / {1:0.0} µs", os.P50, os.P90), "the same beat before #27 (directory and list rebuilt)",
                ResultTable.F("{0:0.0} / {1:0.0} µs", bs.P50, bs.P90), ResultTable.X(os.P50 / bs.P50), "O(1): flat in N", "—"));
        }
    }

    /// <summary>Since #27: SenderDirectory.With returns the same directory for a beat that keeps the name; one row replaced.</summary>
    private static double Current(List<MatrixEvent> state, List<MatrixEvent> beats, long now)
    {
        var senders = SenderDirectory.FromState(state);
        var rows = InstanceRegistry.List(state, now).ToDictionary(r => r.UserId, StringComparer.Ordinal);
        var sw = Stopwatch.StartNew();
        foreach (var e in beats)
        {
            senders = senders.With([e]);
            if (InstanceRegistry.Trusted(e) is { } entry) rows[e.StateKey!] = InstanceRegistry.Row(e.StateKey!, entry, now, e.OriginServerTs);
        }
        GC.KeepAlive(senders);
        return sw.Elapsed.TotalMicroseconds / beats.Count;
    }

    /// <summary>Before #27: every registry event copied and froze the directory, and copied, marked and sorted the list.</summary>
    private static double Before(List<MatrixEvent> state, List<MatrixEvent> beats, long now)
    {
        var agents = state.ToFrozenDictionary(e => e.StateKey!, e => InstanceRegistry.Trusted(e)!.Instance, StringComparer.Ordinal);
        var list = InstanceRegistry.List(state, now);
        var sw = Stopwatch.StartNew();
        foreach (var e in beats)
        {
            var copy = new Dictionary<string, string>(agents, StringComparer.Ordinal);
            if (InstanceRegistry.Trusted(e) is { } entry) copy[e.StateKey!] = entry.Instance;
            agents = copy.ToFrozenDictionary(StringComparer.Ordinal);
            var rows = list.ToDictionary(r => r.UserId, StringComparer.Ordinal);
            if (InstanceRegistry.Trusted(e) is { } again) rows[e.StateKey!] = InstanceRegistry.Row(e.StateKey!, again, now, e.OriginServerTs);
            list = NameClaims.Mark(rows.Values, now);
        }
        GC.KeepAlive(agents);
        return sw.Elapsed.TotalMicroseconds / beats.Count;
    }

    private static MatrixEvent Entry(int i, long lastSeen) => JsonSerializer.Deserialize(
        $$$"""{"type":"{{{InstanceEntry.EventType}}}","state_key":"@agent{{{i}}}:bench","event_id":"$e{{{i}}}-{{{lastSeen}}}","sender":"@agent{{{i}}}:bench","origin_server_ts":{{{lastSeen}}},"content":{"instance":"agent{{{i}}}","kind":"persistent","status":"online","last_seen":{{{lastSeen}}},"user_id":"@agent{{{i}}}:bench"}}""",
        MatrixJsonContext.Default.MatrixEvent)!;
}
