using System.Diagnostics;
using System.Text.Json;
using AgentChat.Bench.Infra;
using AgentChat.Matrix;
using AgentChat.Messages;

namespace AgentChat.Bench.Benchmarks;

/// <summary>
/// 8. Across homeservers (scripts/federation.sh): agent A on hs1 → agent C on hs2, against a raw send on hs1 seen by a
/// raw /sync on hs2, and against the same agent hop within hs1 (A → B). All four sample kinds interleave in one loop.
/// </summary>
internal static class FederationBench
{
    private static readonly TimeSpan Park = TimeSpan.FromMilliseconds(40);

    private sealed record Side(BenchOptions Options, RawMatrix Raw, Account Raw1, DaemonProcess Daemon);

    public static async Task RunAsync(BenchEnvironment env, ResultTable table, CancellationToken ct)
    {
        var pairEnv = env.Options.PairEnv ?? throw new InvalidOperationException("no federated pair: run.sh starts one with scripts/federation.sh (--pair-env)");
        var values = File.ReadAllLines(pairEnv).Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        BenchOptions For(string hs) => new()
        {
            Homeserver = new Uri(values[$"{hs}_homeserver"]), Secret = values[$"{hs}_secret"], ServerName = values[$"{hs}_server_name"],
            Cchat = env.Options.Cchat, WorkDir = env.Options.WorkDir, Quick = env.Options.Quick, DaemonEnv = env.Options.DaemonEnv,
        };
        var (o1, o2) = (For("hs1"), For("hs2"));
        var hs1 = new MatrixClient(env.Http, o1.Homeserver);
        var hs2 = new MatrixClient(env.Http, o2.Homeserver);
        async Task<Account> RegisterAsync(MatrixClient server, BenchOptions o, string prefix)
        {
            var login = await server.RegisterWithSharedSecretAsync(o.Secret, $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}", Guid.NewGuid().ToString("N"), ct: ct);
            return new Account(login.UserId, login.AccessToken, server.WithAccessToken(login.AccessToken));
        }

        var owner = await RegisterAsync(hs1, o1, "fed-owner");
        var (a, b, ra, rb) = (await RegisterAsync(hs1, o1, "fed-a"), await RegisterAsync(hs1, o1, "fed-b"), await RegisterAsync(hs1, o1, "fed-ra"), await RegisterAsync(hs1, o1, "fed-rb"));
        var (c, rc) = (await RegisterAsync(hs2, o2, "fed-c"), await RegisterAsync(hs2, o2, "fed-rc"));
        var localpart = $"aichat-fed-{Guid.NewGuid().ToString("N")[..8]}";
        using var power = JsonDocument.Parse("""{"events":{"com.aiagentchat.instance":0},"users_default":0,"events_default":0}""");
        var room = (await owner.Client.CreateRoomAsync(new CreateRoomRequest
        {
            Name = "agents (federation bench)", Preset = "public_chat", RoomAliasName = localpart, PowerLevelContentOverride = power.RootElement.Clone(),
        }, ct)).Value;
        var alias = $"#{localpart}:{o1.ServerName}";
        var joinClock = Stopwatch.StartNew();
        await rc.Client.JoinRoomAsync(alias, ct);
        var remoteJoinMs = joinClock.Elapsed.TotalMilliseconds;
        foreach (var local in new[] { ra, rb }) await local.Client.JoinRoomAsync(alias, ct);
        var filter1 = await rb.Client.UploadFilterAsync(rb.UserId, BenchEnvironment.DaemonFilter, ct);
        var filter2 = await rc.Client.UploadFilterAsync(rc.UserId, BenchEnvironment.DaemonFilter, ct);

        await using var daemonA = await DaemonProcess.StartAsync(o1, a, alias, "fed-a", ct);
        await using var daemonB = await DaemonProcess.StartAsync(o1, b, alias, "fed-b", ct);
        await using var daemonC = await DaemonProcess.StartAsync(o2, c, alias, "fed-c", ct);
        var raw1 = new RawMatrix(env.Http, o1.Homeserver);
        var raw2 = new RawMatrix(env.Http, o2.Homeserver);

        var n = env.Options.Reps(60, 12);
        var series = new Dictionary<string, List<double>> { ["cross"] = [], ["same"] = [], ["rawCross"] = [], ["rawSame"] = [] };
        var cursorB = await GatewayCalls.LatestAsync(daemonB.Http, ct);
        var cursorC = await GatewayCalls.LatestAsync(daemonC.Http, ct);
        var sinceB = (await raw1.SyncAsync(rb.Token, null, 0, filter1, ct)).NextBatch;
        var sinceC = (await raw2.SyncAsync(rc.Token, null, 0, filter2, ct)).NextBatch;
        // One sample of each kind per round; the order rotates every round, so load that drifts hits all four alike.
        var kinds = new (string Name, Func<int, Task<double>> Once)[]
        {
            ("cross", async i =>
            {
                cursorC = (await GatewayCalls.ReadAsync(daemonC.Http, cursorC, 0, 1000, ct)).Next; // catch up on the other kinds
                var (ms, next) = await GatewayOnceAsync(daemonA, daemonC, cursorC, $"fed-x-{i}-{Guid.NewGuid():N}", ct);
                cursorC = next;
                return ms;
            }),
            ("same", async i =>
            {
                cursorB = (await GatewayCalls.ReadAsync(daemonB.Http, cursorB, 0, 1000, ct)).Next;
                var (ms, next) = await GatewayOnceAsync(daemonA, daemonB, cursorB, $"fed-s-{i}-{Guid.NewGuid():N}", ct);
                cursorB = next;
                return ms;
            }),
            ("rawCross", async i =>
            {
                sinceC = (await raw2.SyncAsync(rc.Token, sinceC, 0, filter2, ct)).NextBatch;
                var (ms, next) = await RawOnceAsync(raw1, ra, raw2, rc, filter2, room, sinceC, $"fed-rx-{i}-{Guid.NewGuid():N}", ct);
                sinceC = next;
                return ms;
            }),
            ("rawSame", async i =>
            {
                sinceB = (await raw1.SyncAsync(rb.Token, sinceB, 0, filter1, ct)).NextBatch;
                var (ms, next) = await RawOnceAsync(raw1, ra, raw1, rb, filter1, room, sinceB, $"fed-rs-{i}-{Guid.NewGuid():N}", ct);
                sinceB = next;
                return ms;
            }),
        };
        for (var i = 0; i < n + 2; i++) // the first two rounds are warm-up
        {
            for (var k = 0; k < kinds.Length; k++)
            {
                var (name, once) = kinds[(i + k) % kinds.Length];
                var ms = await once(i);
                if (i >= 2) series[name].Add(ms);
            }
        }

        var (x, s, rx, rs) = (Stats.Of(series["cross"]), Stats.Of(series["same"]), Stats.Of(series["rawCross"]), Stats.Of(series["rawSame"]));
        table.Add(new Row("8a. cross-server agent→agent (A on hs1 /send → C on hs2 /read?wait)", ResultTable.Ms(x),
            "raw PUT /send on hs1 → raw /sync long-poll on hs2", ResultTable.Ms(rx), ResultTable.X(x.P50 / rx.P50), "p50 ≤ 1.10× baseline", ResultTable.Met(x.P50 / rx.P50 <= 1.10)));
        table.Add(new Row("8b. same-server agent→agent in that room (A → B, both on hs1)", ResultTable.Ms(s),
            "raw PUT /send → raw /sync long-poll, both on hs1", ResultTable.Ms(rs), ResultTable.X(s.P50 / rs.P50), "p50 ≤ 1.10× baseline", ResultTable.Met(s.P50 / rs.P50 <= 1.10)));
        table.Add(new Row("8c. cross-server vs same-server agent→agent", ResultTable.Ms(x),
            "same-server agent→agent (8b)", ResultTable.Ms(s), ResultTable.X(x.P50 / s.P50), "— (operator info)", "—"));
        table.Note(ResultTable.F("federation (n={0} of each, interleaved): the hop hs1→hs2 adds {1:0.0} ms raw and {2:0.0} ms agent to agent (p50 differences); a join over federation took {3:0} ms",
            x.N, rx.P50 - rs.P50, x.P50 - s.P50, remoteJoinMs));
    }

    private static async Task<(double Total, string Next)> GatewayOnceAsync(DaemonProcess sender, DaemonProcess reader, string cursor, string marker, CancellationToken ct)
    {
        var read = ReadUntilAsync(reader, cursor, marker, ct);
        await Task.Delay(Park, ct); // the read is parked on the buffer's signal
        var sw = Stopwatch.StartNew();
        await GatewayCalls.SendAsync(sender.Http, GatewayCalls.SendBody(marker), ct);
        var (seenAt, next) = await read;
        return ((seenAt - sw.ElapsedAtStart()).TotalMilliseconds, next);
    }

    private static async Task<(TimeSpan SeenAt, string Next)> ReadUntilAsync(DaemonProcess reader, string cursor, string marker, CancellationToken ct)
    {
        for (var tries = 0; tries < 20; tries++)
        {
            var (body, next) = await GatewayCalls.ReadAsync(reader.Http, cursor, 30, 1000, ct);
            var at = Clock.Now;
            if (GatewayCalls.Contains(body, marker)) return (at, next);
            cursor = next;
        }
        throw new TimeoutException($"daemon never returned {marker}");
    }

    private static async Task<(double Total, string Next)> RawOnceAsync(RawMatrix senderServer, Account sender, RawMatrix readerServer, Account reader,
        string filter, string room, string since, string marker, CancellationToken ct)
    {
        var content = MessageComposer.Compose(new OutgoingMessage { Text = marker, Instance = sender.Localpart });
        var sync = readerServer.SyncUntilAsync(reader.Token, since, filter, marker, ct);
        await Task.Delay(Park, ct);
        var sw = Stopwatch.StartNew();
        await senderServer.SendAsync(sender.Token, room, content, ct);
        var (seenAt, next) = await sync;
        return ((seenAt - sw.ElapsedAtStart()).TotalMilliseconds, next);
    }
}
