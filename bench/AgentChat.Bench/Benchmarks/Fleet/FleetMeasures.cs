using AgentChat.Bench.Infra;

namespace AgentChat.Bench.Benchmarks.Fleet;

/// <summary>Per-send delivery times (ms) at the first and last daemon, and at each raw receiver.</summary>
internal sealed record FanOutResult(List<double> First, List<double> Last, List<double> RawFastest, List<double> RawSlowest, int Missing, long Duplicates, int Queued);

/// <summary>10 senders at once: accepted msg/s, delivery times (ms) at every daemon and at the raw receivers.</summary>
internal sealed record BusyResult(int Messages, double SentPerSecond, double DeliveredPerSecond, List<double> Daemons, List<double> LastDaemon, List<double> Raw, int Missing, long Duplicates, int Queued);

/// <summary>An idle window: CPU (% of one core) of all daemons together, of Synapse, of PostgreSQL; RSS per daemon (MB).</summary>
internal sealed record IdleResult(double Seconds, double DaemonsPct, double SynapsePct, double PostgresPct, List<double> DaemonRss, double SynapseRssMb);

/// <summary>The three measurements of a fleet at one size: fan-out, a busy room, idle.</summary>
internal static class FleetMeasures
{
    private const int RawBase = 100_000; // receiver ids of the raw accounts, apart from the daemons'

    public static async Task<FanOutResult> FanOutAsync(Fleet fleet, int reps, CancellationToken ct)
    {
        var arrivals = new Arrivals($"fo{Random.Shared.Next(100_000):D5}x");
        var daemons = Enumerable.Range(1, fleet.Daemons.Count - 1).ToList();
        var raws = Enumerable.Range(RawBase, fleet.RawReceivers.Count).ToList();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await FollowAllAsync(fleet, arrivals, stop.Token);
        var result = new FanOutResult([], [], [], [], 0, 0, 0);
        var (missing, queued) = (0, 0);
        for (var r = 0; r < reps + 2; r++) // two warm-up sends
        {
            var marker = arrivals.Prefix + r;
            var sentAt = Clock.Now;
            if (await GatewayCalls.SendOrQueueAsync(fleet.Daemons[0].Http, GatewayCalls.SendBody(marker), ct)) queued++;
            var everyone = daemons.Concat(raws).ToList();
            await WaitAsync(() => arrivals.Count(marker, everyone) == everyone.Count, TimeSpan.FromSeconds(30), ct);
            if (r >= 2)
            {
                var atDaemons = Times(arrivals, marker, daemons, sentAt);
                var atRaw = Times(arrivals, marker, raws, sentAt);
                missing += everyone.Count - atDaemons.Count - atRaw.Count;
                if (atDaemons.Count > 0) { result.First.Add(atDaemons.Min()); result.Last.Add(atDaemons.Max()); }
                if (atRaw.Count > 0) { result.RawFastest.Add(atRaw.Min()); result.RawSlowest.Add(atRaw.Max()); }
            }
            await Task.Delay(300, ct);
        }
        await stop.CancelAsync();
        await arrivals.StoppedAsync();
        return result with { Missing = missing, Duplicates = arrivals.Duplicates, Queued = queued };
    }

    public static async Task<BusyResult> BusyAsync(Fleet fleet, int perSender, CancellationToken ct)
    {
        var arrivals = new Arrivals($"bz{Random.Shared.Next(100_000):D5}x");
        var senders = Math.Min(10, fleet.Daemons.Count);
        var raws = Enumerable.Range(RawBase, fleet.RawReceivers.Count).ToList();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await FollowAllAsync(fleet, arrivals, stop.Token);
        var sentAt = new System.Collections.Concurrent.ConcurrentDictionary<string, (int Sender, TimeSpan At)>();
        var start = Clock.Now;
        var queued = 0;
        await Task.WhenAll(Enumerable.Range(0, senders).Select(s => Task.Run(async () =>
        {
            for (var i = 0; i < perSender; i++)
            {
                var marker = arrivals.Prefix + (s * 1000 + i);
                sentAt[marker] = (s, Clock.Now);
                if (await GatewayCalls.SendOrQueueAsync(fleet.Daemons[s].Http, GatewayCalls.SendBody(marker), ct)) Interlocked.Increment(ref queued);
            }
        }, ct)));
        var sendWall = (Clock.Now - start).TotalSeconds;
        List<int> ReceiversOf(int sender) => Enumerable.Range(0, fleet.Daemons.Count).Where(d => d != sender).ToList();
        await WaitAsync(() => sentAt.All(m => arrivals.Count(m.Key, ReceiversOf(m.Value.Sender)) == fleet.Daemons.Count - 1 && arrivals.Count(m.Key, raws) == raws.Count),
            TimeSpan.FromSeconds(90), ct);
        await stop.CancelAsync();
        await arrivals.StoppedAsync();

        var daemons = new List<double>();
        var last = new List<double>();
        var raw = new List<double>();
        var missing = 0;
        var lastArrival = start;
        foreach (var (marker, (sender, at)) in sentAt)
        {
            var here = Times(arrivals, marker, ReceiversOf(sender), at);
            missing += fleet.Daemons.Count - 1 - here.Count;
            daemons.AddRange(here);
            if (here.Count > 0) { last.Add(here.Max()); lastArrival = Max(lastArrival, at + TimeSpan.FromMilliseconds(here.Max())); }
            var atRaw = Times(arrivals, marker, raws, at);
            missing += raws.Count - atRaw.Count;
            raw.AddRange(atRaw);
        }
        var total = senders * perSender;
        return new BusyResult(total, total / sendWall, total / (lastArrival - start).TotalSeconds, daemons, last, raw, missing, arrivals.Duplicates, queued);
    }

    /// <summary>CPU over a window with no traffic (no readers parked either), after a few seconds to settle.</summary>
    public static async Task<IdleResult> IdleAsync(Fleet fleet, TimeSpan window, CancellationToken ct)
    {
        await Task.Delay(TimeSpan.FromSeconds(5), ct);
        double DaemonsCpu() => fleet.Daemons.Where(d => !d.HasExited).Sum(d => ProcStat.CpuSeconds(d.Pid));
        var (d0, (s0, p0)) = (DaemonsCpu(), fleet.Setup.CpuSeconds());
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(window, ct);
        var (d1, (s1, p1)) = (DaemonsCpu(), fleet.Setup.CpuSeconds());
        var seconds = clock.Elapsed.TotalSeconds;
        var rss = fleet.Daemons.Where(d => !d.HasExited).Select(d => d.RssMb()).ToList();
        return new IdleResult(seconds, (d1 - d0) / seconds * 100, (s1 - s0) / seconds * 100, (p1 - p0) / seconds * 100, rss, fleet.Setup.SynapseRssMb());
    }

    private static async Task FollowAllAsync(Fleet fleet, Arrivals arrivals, CancellationToken ct)
    {
        using var gate = new SemaphoreSlim(16);
        await Task.WhenAll(fleet.Daemons.Select(async (d, i) =>
        {
            await gate.WaitAsync(ct);
            try { await arrivals.FollowDaemonAsync(i, d, ct); }
            finally { gate.Release(); }
        }));
        for (var k = 0; k < fleet.RawReceivers.Count; k++)
        {
            var (account, raw, filter) = fleet.RawReceivers[k];
            await arrivals.FollowRawAsync(RawBase + k, raw, account, filter, ct);
        }
        await Task.Delay(1000, ct); // every read and /sync parked
    }

    private static List<double> Times(Arrivals arrivals, string marker, IEnumerable<int> receivers, TimeSpan sentAt) =>
        receivers.Select(r => arrivals.TryGet(r, marker, out var at) ? (at - sentAt).TotalMilliseconds : double.NaN).Where(double.IsFinite).ToList();

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static async Task WaitAsync(Func<bool> done, TimeSpan budget, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!done() && clock.Elapsed < budget) await Task.Delay(20, ct);
    }
}
