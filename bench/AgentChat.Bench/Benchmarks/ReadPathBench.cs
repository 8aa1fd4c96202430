using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using AgentChat.Bench.Infra;
using AgentChat.Messages;

namespace AgentChat.Bench.Benchmarks;

/// <summary>
/// 5. The gateway's read path. (a) GET /read?since= (a page of 50 from the buffer) in requests per second under
/// wrk with 16 connections, against Synapse serving the same page (/messages?dir=b&amp;limit=50) under the same load.
/// (b) /read?wait wake-up with 50 parked readers on daemon B, against a raw /sync long-poll parked beside them,
/// both woken by the same raw PUT.
/// </summary>
internal static partial class ReadPathBench
{
    private const int Readers = 50;

    public static async Task RunAsync(BenchEnvironment env, ResultTable table, CancellationToken ct)
    {
        await ThroughputAsync(env, table, ct);
        await WakeUpAsync(env, table, ct);
    }

    private static async Task ThroughputAsync(BenchEnvironment env, ResultTable table, CancellationToken ct)
    {
        var o = env.Options;
        var dir = Path.Combine(o.WorkDir, "wrk");
        Directory.CreateDirectory(dir);
        var gwScript = Path.Combine(dir, "gateway.lua");
        var hsScript = Path.Combine(dir, "synapse.lua");
        AgentChat.Configuration.PrivateFile.WriteAllBytes(gwScript, System.Text.Encoding.UTF8.GetBytes($"wrk.headers[\"Authorization\"] = \"Bearer {env.DaemonB.Token}\"\n"));
        AgentChat.Configuration.PrivateFile.WriteAllBytes(hsScript, System.Text.Encoding.UTF8.GetBytes($"wrk.headers[\"Authorization\"] = \"Bearer {env.RB.Token}\"\n"));
        var gwUrl = new Uri(env.DaemonB.Gateway, "read?since=0&limit=50").ToString();
        var hsUrl = new Uri(o.Homeserver, $"/_matrix/client/v3/rooms/{Uri.EscapeDataString(env.RoomId)}/messages?dir=b&limit=50").ToString();
        var seconds = o.Quick ? 2 : 3;
        var gateway = new List<double>();
        var synapse = new List<double>();
        for (var i = -1; i < o.Reps(5, 2); i++)
        {
            var g = await WrkAsync(gwScript, gwUrl, seconds, ct);
            var s = await WrkAsync(hsScript, hsUrl, seconds, ct);
            if (i < 0) continue;
            gateway.Add(g);
            synapse.Add(s);
        }
        var gs = Stats.Of(gateway);
        var ss = Stats.Of(synapse);
        table.Add(new Row("5a. GET /read?since (50 msgs from the buffer), wrk 16 conns (req/s)", ResultTable.Per(gs, "req/s"),
            "Synapse /messages?limit=50, same load", ResultTable.Per(ss, "req/s"), ResultTable.F("{0:0.0}× more", gs.P50 / ss.P50), "—", "—"));
    }

    private static async Task<double> WrkAsync(string script, string url, int seconds, CancellationToken ct)
    {
        var psi = new ProcessStartInfo("/usr/bin/wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-t2", "-c16", $"-d{seconds}s", "--timeout", "10s", "-s", script, url }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start wrk");
        var output = await p.StandardOutput.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        if (p.ExitCode != 0) throw new InvalidOperationException($"wrk exited {p.ExitCode}: {await p.StandardError.ReadToEndAsync(ct)}");
        if (output.Contains("Non-2xx", StringComparison.Ordinal)) throw new InvalidOperationException($"wrk saw errors: {output}");
        return double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();

    private static async Task WakeUpAsync(BenchEnvironment env, ResultTable table, CancellationToken ct)
    {
        var readers = new List<double>();
        var syncs = new List<double>();
        var (_, since) = await env.Raw.SyncAsync(env.RB.Token, null, 0, env.DaemonFilterId, ct);
        for (var rep = -1; rep < env.Options.Reps(20, 5); rep++)
        {
            var cursor = await GatewayCalls.LatestAsync(env.DaemonB.Http, ct);
            since = (await env.Raw.SyncAsync(env.RB.Token, since, 0, env.DaemonFilterId, ct)).NextBatch;
            var marker = $"wake-{rep}-{Guid.NewGuid():N}";
            var parked = Enumerable.Range(0, Readers).Select(_ => ReadUntilAsync(env, cursor, marker, ct)).ToArray();
            var sync = env.Raw.SyncUntilAsync(env.RB.Token, since, env.DaemonFilterId, marker, ct);
            await Task.Delay(200, ct);
            var content = MessageComposer.Compose(new OutgoingMessage { Text = marker, Instance = env.RA.Localpart });
            var sent = Clock.Now;
            await env.Raw.SendAsync(env.RA.Token, env.RoomId, content, ct);
            var woke = await Task.WhenAll(parked);
            var (syncAt, next) = await sync;
            since = next;
            if (rep < 0) continue;
            readers.AddRange(woke.Select(t => (t - sent).TotalMilliseconds));
            syncs.Add((syncAt - sent).TotalMilliseconds);
        }
        var rs = Stats.Of(readers);
        var ss = Stats.Of(syncs);
        table.Add(new Row($"5b. /read?wait wake-up, {Readers} parked readers (send → each returns)", ResultTable.Ms(rs),
            "one raw /sync long-poll, same send", ResultTable.Ms(ss), ResultTable.X(rs.P50 / ss.P50), "—", "—"));
    }

    private static async Task<TimeSpan> ReadUntilAsync(BenchEnvironment env, string cursor, string marker, CancellationToken ct)
    {
        for (var tries = 0; tries < 20; tries++)
        {
            var (body, next) = await GatewayCalls.ReadAsync(env.DaemonB.Http, cursor, 30, 1000, ct);
            var at = Clock.Now;
            if (GatewayCalls.Contains(body, marker)) return at;
            cursor = next;
        }
        throw new TimeoutException($"a parked reader never saw {marker}");
    }
}
