using System.Diagnostics;
using AgentChat.Bench.Infra;
using AgentChat.Messages;

namespace AgentChat.Bench.Benchmarks;

/// <summary>
/// 2. One-shot sends, each a fresh process timed spawn to exit: <c>cchat send</c> through A's gateway and through
/// the direct-REST fallback (no daemon discoverable); baselines: curl doing one raw PUT /send, and matrix-nio's
/// one-shot send. Variants run round-robin, so drift hits all alike. A chat message to a named agent (<c>--to</c> B, which
/// resolves B in the registry and checks its presence for a warning) runs beside curl PUTting the same mention.
/// </summary>
internal static class CliSendBench
{
    public static async Task RunAsync(BenchEnvironment env, ResultTable table, CancellationToken ct)
    {
        var o = env.Options;
        var n = o.Reps(30, 8);
        var nioEvery = o.Quick ? 2 : 2; // nio costs ~1 s a call: every other round
        var dir = Path.Combine(o.WorkDir, "cli");
        Directory.CreateDirectory(dir);

        // gateway: the agent's own environment, its runtime dir holding A's discovery file
        var viaGateway = DaemonProcess.AgentEnv(o, env.A, env.Alias, Path.Combine(dir, "gw-state"));
        viaGateway["XDG_RUNTIME_DIR"] = env.DaemonA.RuntimeDir;
        // direct: the same agent, but no daemon to be found
        var direct = DaemonProcess.AgentEnv(o, env.A, env.Alias, Path.Combine(dir, "direct-state"));
        Directory.CreateDirectory(direct["XDG_RUNTIME_DIR"]);

        // curl: the token in a 0600 header file, never on a command line
        var header = Path.Combine(dir, "auth.header");
        AgentChat.Configuration.PrivateFile.WriteAllBytes(header, System.Text.Encoding.UTF8.GetBytes($"Authorization: Bearer {env.RA.Token}\n"));
        var curlEnv = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["HOME"] = dir };

        var nioEnv = new Dictionary<string, string>
        {
            ["PATH"] = "/usr/bin:/bin", ["HOME"] = dir,
            ["NIO_HOMESERVER"] = o.Homeserver.ToString().TrimEnd('/'), ["NIO_USER_ID"] = env.RA.UserId.Value,
            ["NIO_ACCESS_TOKEN"] = env.RA.Token, ["NIO_ROOM_ID"] = env.RoomId,
        };

        var results = new Dictionary<string, List<double>>
        {
            ["gw"] = [], ["direct"] = [], ["curl"] = [], ["nio"] = [], ["inproc"] = [], ["gwsend"] = [], ["help"] = [], ["curlstart"] = [],
            ["gwto"] = [], ["curlto"] = [],
        };
        var to = env.B.UserId.Value;
        for (var i = -1; i < n; i++) // round -1 warms the page cache and connections
        {
            var text = $"cli-{i}-{Guid.NewGuid():N}";
            var gw = await ProcessTimer.RunMsAsync(o.Cchat, ["send", text + "-gw"], viaGateway, ct);
            var dr = await ProcessTimer.RunMsAsync(o.Cchat, ["send", text + "-direct"], direct, ct);
            var body = Path.Combine(dir, "body.json");
            File.WriteAllBytes(body, MessageComposer.Compose(new OutgoingMessage { Text = text + "-curl", Instance = env.RA.Localpart }));
            var curl = await ProcessTimer.RunMsAsync("/usr/bin/curl",
                ["-sS", "-f", "-o", "/dev/null", "-X", "PUT", "-H", "@" + header, "-H", "Content-Type: application/json", "--data-binary", "@" + body,
                 env.Raw.SendUrl(env.RoomId, env.Raw.NextTxn())], curlEnv, ct);
            var gwTo = await ProcessTimer.RunMsAsync(o.Cchat, ["send", "--to", to, text + "-gwto"], viaGateway, ct);
            File.WriteAllBytes(body, MessageComposer.Compose(new OutgoingMessage
            {
                Text = text + "-curlto", Instance = env.RA.Localpart, To = [new Addressee(env.B.UserId, env.B.Localpart)],
            }));
            var curlTo = await ProcessTimer.RunMsAsync("/usr/bin/curl",
                ["-sS", "-f", "-o", "/dev/null", "-X", "PUT", "-H", "@" + header, "-H", "Content-Type: application/json", "--data-binary", "@" + body,
                 env.Raw.SendUrl(env.RoomId, env.Raw.NextTxn())], curlEnv, ct);
            var content = MessageComposer.Compose(new OutgoingMessage { Text = text + "-inproc", Instance = env.RA.Localpart });
            var sw = Stopwatch.StartNew();
            await env.Raw.SendAsync(env.RA.Token, env.RoomId, content, ct);
            var inproc = sw.Elapsed.TotalMilliseconds;
            // the parts: each tool's bare start-up, and the gateway's /send on a warm connection
            var help = await ProcessTimer.RunMsAsync(o.Cchat, ["--help"], curlEnv, ct);
            var curlStart = await ProcessTimer.RunMsAsync("/usr/bin/curl", ["--version"], curlEnv, ct);
            sw.Restart();
            await GatewayCalls.SendAsync(env.DaemonA.Http, GatewayCalls.SendBody(text + "-gwsend"), ct);
            var gwSend = sw.Elapsed.TotalMilliseconds;
            double? nio = null;
            if (i % nioEvery == 0 || i < 0)
                nio = await ProcessTimer.RunMsAsync(o.Python, [o.NioScript, text + "-nio"], nioEnv, ct, TimeSpan.FromSeconds(60));
            if (i < 0) continue;
            results["gw"].Add(gw);
            results["direct"].Add(dr);
            results["curl"].Add(curl);
            results["inproc"].Add(inproc);
            results["help"].Add(help);
            results["curlstart"].Add(curlStart);
            results["gwsend"].Add(gwSend);
            results["gwto"].Add(gwTo);
            results["curlto"].Add(curlTo);
            if (nio is { } v) results["nio"].Add(v);
        }

        var g = Stats.Of(results["gw"]);
        var d = Stats.Of(results["direct"]);
        var c = Stats.Of(results["curl"]);
        var nioS = Stats.Of(results["nio"]);
        var ip = Stats.Of(results["inproc"]);
        table.Add(new Row("2a. `cchat send` via gateway (process wall time)", ResultTable.Ms(g), "curl: one raw PUT /send (process)", ResultTable.Ms(c),
            ResultTable.X(g.P50 / c.P50), "p50 ≤ baseline + 5 ms", ResultTable.Met(g.P50 <= c.P50 + 5) + ResultTable.F(" (+{0:0.0} ms)", g.P50 - c.P50)));
        table.Add(new Row("2b. `cchat send` via gateway vs matrix-nio", ResultTable.Ms(g), "matrix-nio one-shot send (python3)", ResultTable.Ms(nioS),
            ResultTable.F("{0:0.0}× faster", nioS.P50 / g.P50), "≥ 10× faster", ResultTable.Met(nioS.P50 / g.P50 >= 10)));
        table.Add(new Row("2c. `cchat send` direct-REST fallback", ResultTable.Ms(d), "curl: one raw PUT /send (process)", ResultTable.Ms(c),
            ResultTable.X(d.P50 / c.P50), "—", "—"));
        var gt = Stats.Of(results["gwto"]);
        var ct2 = Stats.Of(results["curlto"]);
        table.Add(new Row("2d. `cchat send --to` an agent via gateway (process wall time)", ResultTable.Ms(gt), "curl: one raw PUT /send of the same mention (process)",
            ResultTable.Ms(ct2), ResultTable.X(gt.P50 / ct2.P50), "p50 ≤ baseline + 5 ms", ResultTable.Met(gt.P50 <= ct2.P50 + 5) + ResultTable.F(" (+{0:0.0} ms)", gt.P50 - ct2.P50)));
        var helpS = Stats.Of(results["help"]);
        var curlStartS = Stats.Of(results["curlstart"]);
        var gwSendS = Stats.Of(results["gwsend"]);
        table.Note(ResultTable.F("CLI send, the parts (p50): `cchat --help` {0:0.0} ms vs `curl --version` {1:0.0} ms (start-up difference {2:0.0} ms); "
            + "POST /send on a warm connection {3:0.0} ms vs raw PUT in-process {4:0.0} ms (gateway difference {5:0.0} ms); "
            + "`cchat send` via gateway − (`cchat --help` + warm POST /send) = {6:0.0} ms of CLI work (settings, discovery, connect, JSON); matrix-nio sampled {7} times",
            helpS.P50, curlStartS.P50, helpS.P50 - curlStartS.P50, gwSendS.P50, ip.P50, gwSendS.P50 - ip.P50, g.P50 - helpS.P50 - gwSendS.P50, nioS.N));
    }
}
