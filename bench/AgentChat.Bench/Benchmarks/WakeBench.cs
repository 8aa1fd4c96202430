using System.Diagnostics;
using System.Text.Json;
using AgentChat.Bench.Infra;
using AgentChat.Gateway;

namespace AgentChat.Bench.Benchmarks;

/// <summary>
/// Wake. (a) Daemon A's POST /send of a reply in a thread B started (addressed to B by the core's rule; a mention
/// would add the sender's recipient lookup, a cost of the send, not of the wake) → the <c>notifications/claude/channel</c>
/// line on the stdout of B's <c>cchat mcp</c> (fed by daemon B). Baseline in the same run, alternating: RA's raw
/// PUT /send → RB's raw /sync long-poll. Channel samples are spaced past the coalescing window, so each is a lone,
/// immediate push.
/// (b) <c>cchat hook stop</c> when nothing waits (process spawn to exit), beside <c>cchat --version</c>.
/// </summary>
internal static class WakeBench
{
    private static readonly TimeSpan PastWindow = TimeSpan.FromMilliseconds(1100);

    public static async Task RunAsync(BenchEnvironment env, ResultTable table, CancellationToken ct)
    {
        await using var channel = await ChannelProcess.StartAsync(env.Options.Cchat, env.DaemonB.Env, ct);
        var root = await GatewayCalls.SendAsync(env.DaemonB.Http, GatewayCalls.SendBody("wake bench: answer in this thread"), ct);
        await Task.Delay(PastWindow, ct); // B's channel sees its own root in the stream first
        var n = env.Options.Reps(60, 20);
        var baseline = await RawSyncBaseline.StartAsync(env, ct);
        var (c, s, r, _) = await Alternating.SampleAsync(2 * n, async i =>
        {
            await Task.Delay(PastWindow, ct);
            var marker = $"wake-c-{i}-{Guid.NewGuid():N}";
            var body = JsonSerializer.SerializeToUtf8Bytes(new SendRequest { Text = marker, Thread = root }, GatewayJsonContext.Default.SendRequest);
            var seen = channel.WaitForAsync(marker, ct);
            var sw = Stopwatch.StartNew();
            await GatewayCalls.SendAsync(env.DaemonA.Http, body, ct);
            var answered = sw.Elapsed.TotalMilliseconds;
            var at = await seen;
            return (Total: (at - sw.ElapsedAtStart()).TotalMilliseconds, Send: answered);
        }, i => baseline.SampleAsync($"wake-r-{i}-{Guid.NewGuid():N}", ct));
        var ratio = c.P50 / r.P50;
        table.Add(new Row("wake: A /send (reply in B's thread) → B's channel notification (cchat mcp stdout)", ResultTable.Ms(c),
            "raw PUT /send → raw /sync long-poll", ResultTable.Ms(r), ResultTable.X(ratio), "p50 ≤ 1.2× baseline", ResultTable.Met(ratio <= 1.2)));
        table.Note(ResultTable.F("wake stages (n={0}): A's POST /send answered in {1}; the push landed {2:0.0} ms after that (p50 of total − p50 of send)",
            c.N, ResultTable.Ms(s), c.P50 - s.P50));

        var hookEnv = new Dictionary<string, string>(env.DaemonB.Env);
        var hook = new List<double>();
        var version = new List<double>();
        for (var i = 0; i < env.Options.Reps(60, 20) + 3; i++)
        {
            var h = await ProcessTimer.RunMsAsync("/bin/sh", ["-c", $"echo '{{\"hook_event_name\":\"Stop\",\"stop_hook_active\":false}}' | exec '{env.Options.Cchat}' hook stop"], hookEnv, ct);
            var v = await ProcessTimer.RunMsAsync("/bin/sh", ["-c", $"echo | exec '{env.Options.Cchat}' --version"], hookEnv, ct);
            if (i < 3) continue;
            hook.Add(h);
            version.Add(v);
        }
        var hs = Stats.Of(hook);
        var vs = Stats.Of(version);
        table.Add(new Row("wake: `cchat hook stop`, nothing waiting (sh + spawn → exit)", ResultTable.Ms(hs),
            "`cchat --version` the same way", ResultTable.Ms(vs), ResultTable.X(hs.P50 / vs.P50), "p90 < 50 ms", ResultTable.Met(hs.P90 < 50)));
    }
}
