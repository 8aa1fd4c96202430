using System.Diagnostics;
using System.Text.Json;
using AgentChat.Bench.Infra;
using AgentChat.Messages;
using AgentChat.Registry;

namespace AgentChat.Bench.Benchmarks;

/// <summary>
/// 7. What the registry costs Synapse at 50 instances with 60 s heartbeats. Time is compressed: one "round" is
/// one minute's work (each of 50 accounts PUTs its com.aiagentchat.instance state and GETs the room state, as
/// Heartbeat.BeatAsync does), run back to back; per-hour figures are per-round figures × 60. Baseline: the same
/// 50 accounts each sending one ordinary message per round. Observers: an Element-like client (unfiltered
/// /sync) and a client with the daemon's filter keep long-polling all along; their bytes are counted. A third
/// observer has the beat taken out of its timeline filter (kept in its state filter): its wake-ups and the entries
/// it still learns show whether the beat could leave the long-poll (docs/presence.md). Bench daemon B (a real
/// cchat daemon in the room) applies every beat: its CPU is 7g. 7f is RegistryApplyBench, in-process.
/// </summary>
internal static class RegistryCostBench
{
    private const int Instances = 50;

    public static async Task RunAsync(BenchEnvironment env, ResultTable table, CancellationToken ct)
    {
        var rounds = env.Options.Reps(8, 3);
        var accounts = new List<Account>();
        for (var batch = 0; batch < Instances; batch += 5)
            accounts.AddRange(await Task.WhenAll(Enumerable.Range(batch, 5).Select(i => env.RegisterAsync($"bench-reg{i:D2}", ct))));
        foreach (var a in accounts) await a.Client.JoinRoomAsync(env.Alias, ct);
        var element = await env.RegisterAsync("bench-element", ct);
        await element.Client.JoinRoomAsync(env.Alias, ct);
        var startedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // Element syncs with lazy-loaded members and no type filter; limit 100 so no event is dropped from a burst
        var unfiltered = new SyncObserver(env.Raw, element.Token, """{"room":{"timeline":{"limit":100},"state":{"lazy_load_members":true}}}""");
        var filtered = new SyncObserver(env.Raw, env.RB.Token, env.DaemonFilterId);
        var daemonFilter = BenchEnvironment.DaemonFilter;
        var beatOff = daemonFilter with { Room = daemonFilter.Room! with { Timeline = daemonFilter.Room.Timeline! with {
            Types = [.. daemonFilter.Room.Timeline.Types!.Where(t => t != InstanceEntry.EventType)] } } };
        var offTimeline = new SyncObserver(env.Raw, env.RB.Token, await env.RB.Client.UploadFilterAsync(env.RB.UserId, beatOff, ct));
        await unfiltered.StartAsync(stop.Token);
        await filtered.StartAsync(stop.Token);
        await offTimeline.StartAsync(stop.Token);

        // one round of each first, unmeasured: the entries exist, the caches are warm
        await HeartbeatRoundAsync(env, accounts, startedAt, 0, ct);
        await MessageRoundAsync(env, accounts, 0, ct);

        var beat = new Costs();
        var msg = new Costs();
        for (var r = 1; r <= rounds; r++)
        {
            await MeasureAsync(env, beat, unfiltered, filtered, offTimeline, () => HeartbeatRoundAsync(env, accounts, startedAt, r, ct), ct);
            await MeasureAsync(env, msg, unfiltered, filtered, offTimeline, () => MessageRoundAsync(env, accounts, r, ct), ct);
        }
        await stop.CancelAsync();
        await Task.WhenAll(unfiltered.Loop, filtered.Loop, offTimeline.Loop);

        var cpuNote = env.SynapsePid is null ? " (Synapse pid unknown: CPU not measured)" : "";
        AddRow(table, "7a. registry: Synapse CPU per hour (s)", beat.Cpu, msg.Cpu, "s", 60);
        AddRow(table, "7b. registry: Element-like /sync growth per hour (MB)", beat.UnfilteredBytes, msg.UnfilteredBytes, "MB", 60.0 / 1e6);
        AddRow(table, "7c. registry: daemon-filtered /sync growth per hour (MB)", beat.FilteredBytes, msg.FilteredBytes, "MB", 60.0 / 1e6);
        AddRow(table, "7d. registry: Synapse DB growth per hour (MB)", beat.DbBytes, msg.DbBytes, "MB", 60.0 / 1e6);
        AddRow(table, "7e. registry: wall time of one round of 50 (ms)", beat.WallMs, msg.WallMs, "ms", 1);
        AddRow(table, "7g. registry: CPU of one daemon watching the 50 (s per hour)", beat.DaemonCpu, msg.DaemonCpu, "s", 60);
        RegistryApplyBench.Run(table, env.Options.Reps(20, 5));
        table.Note(ResultTable.F(
            "registry: with the beat out of its timeline filter (state filter unchanged) an observer's /sync returned {0} times during the "
            + "heartbeat rounds and carried {1} of their {2} entries (the daemon's filter: {3} times, {4} entries); during the message rounds it carried {5} entries",
            beat.OffWakeups.Sum(), beat.OffEvents.Sum(), rounds * Instances, beat.FilteredWakeups.Sum(), beat.FilteredEvents.Sum(), msg.OffEvents.Sum()));
        var state = await env.Raw.GetAsync(env.RB.Token, $"/_matrix/client/v3/rooms/{Uri.EscapeDataString(env.RoomId)}/state", ct);
        table.Note(ResultTable.F(
            "registry method: {0} rounds, each = 50 state PUTs (one minute of 50 daemons' heartbeats), per hour = per round × 60: "
            + "{1:N0} state events/h ({2} measured per round on the unfiltered observer); one /who (GET /state) returns {3:N0} bytes "
            + "({4:0.0} MB/h if every instance asked once a minute); the daemon-filtered /sync returned {5} times during {6} heartbeat rounds ({8} during the message rounds){7}",
            rounds, Instances * 60, beat.EventsSeen.Count == 0 ? "—" : beat.EventsSeen.Average().ToString("0", System.Globalization.CultureInfo.InvariantCulture),
            state.Length, state.Length * Instances * 60 / 1e6, beat.FilteredWakeups.Sum(), rounds, cpuNote, msg.FilteredWakeups.Sum()));
    }

    private static void AddRow(ResultTable table, string name, List<double> beat, List<double> msg, string unit, double perHour)
    {
        var b = Stats.Of(beat.Select(x => x * perHour).ToList());
        var m = Stats.Of(msg.Select(x => x * perHour).ToList());
        table.Add(new Row(name, ResultTable.F("{0:0.00} / {1:0.00} {2}", b.P50, b.P90, unit), "50 agents sending one message a minute",
            ResultTable.F("{0:0.00} / {1:0.00} {2}", m.P50, m.P90, unit), ResultTable.X(b.P50 / m.P50), "— (operator info)", "—"));
    }

    private sealed class Costs
    {
        public List<double> Cpu { get; } = [];
        public List<double> UnfilteredBytes { get; } = [];
        public List<double> FilteredBytes { get; } = [];
        public List<double> DbBytes { get; } = [];
        public List<double> WallMs { get; } = [];
        public List<double> EventsSeen { get; } = [];
        public List<double> FilteredWakeups { get; } = [];
        public List<double> FilteredEvents { get; } = [];
        public List<double> OffWakeups { get; } = [];
        public List<double> OffEvents { get; } = [];
        public List<double> DaemonCpu { get; } = [];
    }

    private static async Task MeasureAsync(BenchEnvironment env, Costs costs, SyncObserver unfiltered, SyncObserver filtered, SyncObserver off,
        Func<Task> round, CancellationToken ct)
    {
        await Task.Delay(500, ct); // observers settled
        var cpu0 = env.SynapsePid is { } pid ? ProcStat.CpuSeconds(pid) : 0;
        var daemon0 = ProcStat.CpuSeconds(env.DaemonB.Pid);
        var (u0, f0, e0, w0) = (unfiltered.Bytes, filtered.Bytes, unfiltered.Events, filtered.Responses);
        var (fe0, o0, oe0) = (filtered.Events, off.Responses, off.Events);
        var db0 = DbSize(env);
        var sw = Stopwatch.StartNew();
        await round();
        costs.WallMs.Add(sw.Elapsed.TotalMilliseconds);
        await Task.Delay(1000, ct); // the observers receive what the round made
        if (env.SynapsePid is { } p) costs.Cpu.Add(ProcStat.CpuSeconds(p) - cpu0);
        costs.UnfilteredBytes.Add(unfiltered.Bytes - u0);
        costs.FilteredBytes.Add(filtered.Bytes - f0);
        costs.EventsSeen.Add(unfiltered.Events - e0);
        costs.FilteredWakeups.Add(filtered.Responses - w0);
        costs.FilteredEvents.Add(filtered.Events - fe0);
        costs.OffWakeups.Add(off.Responses - o0);
        costs.OffEvents.Add(off.Events - oe0);
        costs.DaemonCpu.Add(ProcStat.CpuSeconds(env.DaemonB.Pid) - daemon0);
        costs.DbBytes.Add(DbSize(env) - db0);
    }

    private static long DbSize(BenchEnvironment env)
    {
        if (env.Options.SynapseDb is not { } db) return 0;
        return new[] { db, db + "-wal", db + "-journal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
    }

    /// <summary>What Heartbeat.BeatAsync does for each instance: PUT its entry (the registry is read only on demand).</summary>
    private static Task HeartbeatRoundAsync(BenchEnvironment env, List<Account> accounts, long startedAt, int round, CancellationToken ct) =>
        ForEachAsync(accounts, async a =>
        {
            var entry = new InstanceEntry
            {
                Instance = a.Localpart, Kind = "persistent", Host = Environment.MachineName, Version = "0.1.0",
                Description = "bench instance", StartedAt = startedAt, LastSeen = startedAt + round * 60_000L, Status = "online",
            };
            await env.Raw.PutStateAsync(a.Token, env.RoomId, InstanceEntry.EventType, a.UserId.Value,
                JsonSerializer.SerializeToUtf8Bytes(entry, RegistryJsonContext.Default.InstanceEntry), ct);
        });

    private static Task MessageRoundAsync(BenchEnvironment env, List<Account> accounts, int round, CancellationToken ct) =>
        ForEachAsync(accounts, a => env.Raw.SendAsync(a.Token, env.RoomId,
            MessageComposer.Compose(new OutgoingMessage { Text = $"minute {round}: still working on it", Instance = a.Localpart }), ct));

    /// <summary>Fifty instances' minute, spread over 4 workers (their beats are not synchronised in life either).</summary>
    private static async Task ForEachAsync(List<Account> accounts, Func<Account, Task> action)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < accounts.Count) await action(accounts[i]);
        })));
    }
}
