using System.Globalization;
using AgentChat.Bench.Infra;

namespace AgentChat.Bench.Benchmarks.Fleet;

/// <summary>
/// F. A fleet of N daemons on this machine, each with its own account, on each setup (sqlite, pg, fed2, fed4): fan-out
/// from one sender to all, a busy room (10 senders at once), and an idle window. The fleet grows from one N to the
/// next on the same setup. Baselines come from the same run: raw /sync clients (one per server, the daemon's filter)
/// receive every message the daemons receive. Run alone: <c>bash bench/run.sh --only fleet</c>; not part of a full run.
/// </summary>
internal static class FleetBench
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task RunAsync(BenchEnvironment env, ResultTable table, CancellationToken ct)
    {
        var o = env.Options;
        var reps = o.Reps(20, 5);
        var perSender = o.Reps(20, 5);
        foreach (var name in o.FleetSetups)
        {
            Console.Error.WriteLine($"bench: fleet: starting setup {name} …");
            await using var setup = await FleetSetup.StartAsync(name, o, ct);
            await using var fleet = new Fleet(setup, env.Http);
            await fleet.CreateRoomAsync(ct);
            foreach (var n in o.FleetN.Order())
            {
                var label = $"F. {name} N={n}";
                try
                {
                    var load = Load();
                    var (accounts, daemons) = await fleet.GrowToAsync(n, ct);
                    Console.Error.WriteLine($"bench: fleet: {label}: {n} daemons healthy (accounts {accounts.TotalSeconds:0} s, daemons {daemons.TotalSeconds:0} s), load {Load()}");
                    var fan = await FleetMeasures.FanOutAsync(fleet, reps, ct);
                    var busy = await FleetMeasures.BusyAsync(fleet, perSender, ct);
                    var idle = await FleetMeasures.IdleAsync(fleet, o.FleetIdle, ct);
                    Report(table, label, name, n, fan, busy, idle);
                    var exited = fleet.Daemons.Count(d => d.HasExited);
                    table.Note($"{label}: load average {load} at the start, {Load()} at the end; growing to {n}: accounts (register + join) {accounts.TotalSeconds:0} s, " +
                               $"daemons started and healthy {daemons.TotalSeconds:0} s; {fan.Last.Count} fan-out sends, {busy.Messages} busy messages; " +
                               $"queued (202, delivered later by the outbox, timed to delivery): fan-out {fan.Queued}, busy {busy.Queued}; " +
                               $"missing deliveries: fan-out {fan.Missing}, busy {busy.Missing}; duplicates: {fan.Duplicates + busy.Duplicates}; daemons exited: {exited}");
                    if (exited > 0) break;
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    table.Failed(label, $"{e.GetType().Name}: {e.Message}");
                    break; // a bigger fleet on the same setup would fail the same way
                }
            }
        }
    }

    private static void Report(ResultTable table, string label, string setup, int n, FanOutResult fan, BusyResult busy, IdleResult idle)
    {
        var (last, rawSlow) = (P(fan.Last, 0.5), P(fan.RawSlowest, 0.5));
        var ratio = last / rawSlow;
        var target = n == 100 ? "p50 ≤ 1.2× raw (N=100, best setup)" : "— (N=100 is the target)";
        table.Add(new Row($"{label}: fan-out, last of {n - 1} receivers (p50 / p99)", Ms(fan.Last), "raw /sync client, slowest server, same sends",
            Ms(fan.RawSlowest), ResultTable.X(ratio), target, n == 100 ? ResultTable.Met(ratio <= 1.2) : "—"));
        table.Add(new Row($"{label}: fan-out, first receiver (p50 / p99)", Ms(fan.First), "raw /sync client, fastest server",
            Ms(fan.RawFastest), ResultTable.X(P(fan.First, 0.5) / P(fan.RawFastest, 0.5)), "—", "—"));
        table.Add(new Row($"{label}: busy room, {busy.Messages} msgs from 10 senders: delivery at every daemon (p50 / p99)", Ms(busy.Daemons),
            "raw /sync clients, same messages", Ms(busy.Raw), ResultTable.X(P(busy.Daemons, 0.99) / P(busy.Raw, 0.99)) + " (p99)", "—", "—"));
        table.Add(new Row($"{label}: busy room throughput (accepted / delivered to all)", string.Format(Inv, "{0:0.0} / {1:0.0} msg/s", busy.SentPerSecond, busy.DeliveredPerSecond),
            "—", "—", "—", "—", "—"));
        var rss = Stats.Of(idle.DaemonRss);
        table.Add(new Row($"{label}: idle {idle.Seconds:0} s, CPU of all {n} daemons (% of one core)", string.Format(Inv, "{0:0.00} %", idle.DaemonsPct),
            setup == "sqlite" ? "Synapse, same window" : "Synapse + PostgreSQL, same window",
            string.Format(Inv, "{0:0.0} % + {1:0.0} %", idle.SynapsePct, idle.PostgresPct), "—",
            n == 100 ? "daemons < 5 % (N=100)" : "—", n == 100 ? ResultTable.Met(idle.DaemonsPct < 5) : "—"));
        table.Add(new Row($"{label}: RSS per daemon, idle (p50 / p90)", ResultTable.Mb(rss), "Synapse RSS (all servers)",
            string.Format(Inv, "{0:0} MB", idle.SynapseRssMb), "—", "—", "—"));
    }

    private static string Ms(List<double> values) => values.Count == 0 ? "—" : string.Format(Inv, "{0:0.0} / {1:0.0} ms", P(values, 0.5), P(values, 0.99));

    /// <summary>Linear interpolation between the nearest ranks (over 20 sends, p99 is close to the maximum).</summary>
    private static double P(List<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        var rank = p * (sorted.Length - 1);
        var (lo, hi) = ((int)Math.Floor(rank), (int)Math.Ceiling(rank));
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    private static string Load() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
