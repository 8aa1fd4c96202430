using System.Diagnostics;
using AgentChat.Bench.Infra;

namespace AgentChat.Bench.Benchmarks;

/// <summary>
/// 3. Startup of the Native AOT binary: <c>cchat --help</c> against the cost of spawning any process
/// (<c>/bin/true</c>), and <c>cchat daemon</c> from spawn to a 200 on /health against the Matrix requests the
/// daemon must make before it is healthy, issued raw on a fresh connection.
/// </summary>
internal static class StartupBench
{
    public static async Task RunAsync(BenchEnvironment env, ResultTable table, CancellationToken ct)
    {
        var o = env.Options;
        var minimal = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["HOME"] = o.WorkDir };
        var help = new List<double>();
        var spawn = new List<double>();
        for (var i = -2; i < o.Reps(40, 10); i++)
        {
            var h = await ProcessTimer.RunMsAsync(o.Cchat, ["--help"], minimal, ct);
            var t = await ProcessTimer.RunMsAsync("/bin/true", [], minimal, ct);
            if (i < 0) continue;
            help.Add(h);
            spawn.Add(t);
        }
        var hs = Stats.Of(help);
        var ts = Stats.Of(spawn);
        table.Add(new Row("3a. `cchat --help` (Native AOT)", ResultTable.Ms(hs), "spawn of /bin/true", ResultTable.Ms(ts), ResultTable.X(hs.P50 / ts.P50), "—", "—"));

        var boot = await env.RegisterAsync("bench-boot", ct);
        await boot.Client.JoinRoomAsync(env.Alias, ct);
        var healthy = new List<double>();
        var listening = new List<double>();
        var rawStart = new List<double>();
        for (var i = 0; i < o.Reps(8, 3); i++)
        {
            var sw = Stopwatch.StartNew();
            await using (var d = DaemonProcess.Spawn(o, boot, env.Alias, "boot"))
            {
                await d.WaitGatewayAsync(TimeSpan.FromSeconds(30), ct);
                listening.Add(sw.Elapsed.TotalMilliseconds);
                await d.WaitHealthyAsync(TimeSpan.FromSeconds(60), ct);
                healthy.Add(sw.Elapsed.TotalMilliseconds);
            }
            rawStart.Add(await RawStartupMsAsync(env, boot, ct));
        }
        var h2 = Stats.Of(healthy);
        var r2 = Stats.Of(rawStart);
        table.Add(new Row("3b. `cchat daemon` spawn → /health 200", ResultTable.Ms(h2), "the daemon's start-up Matrix requests, raw",
            ResultTable.Ms(r2), ResultTable.X(h2.P50 / r2.P50), "—", "—"));
        table.Note(ResultTable.F("daemon start: gateway listening (discovery file written) after {0}; healthy after {1} (n={2}, fresh state dir each time, so the buffer is refilled from history)",
            ResultTable.Ms(Stats.Of(listening)), ResultTable.Ms(h2), h2.N));
    }

    /// <summary>
    /// What SyncLoop.ConnectAsync and the first sync do, in order, on a new connection: whoami, filter, join,
    /// joined_rooms, /messages (refill, 200), m.fully_read, /sync timeout=0.
    /// </summary>
    private static async Task<double> RawStartupMsAsync(BenchEnvironment env, Account account, CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler()) { Timeout = TimeSpan.FromSeconds(60) };
        var raw = new RawMatrix(http, env.Options.Homeserver);
        var client = new AgentChat.Matrix.MatrixClient(http, env.Options.Homeserver, account.Token);
        var room = Uri.EscapeDataString(env.RoomId);
        var user = Uri.EscapeDataString(account.UserId.Value);
        var sw = Stopwatch.StartNew();
        await raw.GetAsync(account.Token, "/_matrix/client/v3/account/whoami", ct);
        var filter = await client.UploadFilterAsync(account.UserId, BenchEnvironment.DaemonFilter, ct);
        await client.JoinRoomAsync(env.Alias, ct);
        await raw.GetAsync(account.Token, "/_matrix/client/v3/joined_rooms", ct);
        await raw.GetAsync(account.Token, $"/_matrix/client/v3/rooms/{room}/messages?dir=b&limit=200", ct);
        try
        {
            await raw.GetAsync(account.Token, $"/_matrix/client/v3/user/{user}/rooms/{room}/account_data/m.fully_read", ct);
        }
        catch (HttpRequestException)
        {
            // 404 when never set, as for the daemon
        }
        await raw.SyncAsync(account.Token, null, 0, filter, ct);
        return sw.Elapsed.TotalMilliseconds;
    }
}
