using System.Diagnostics;
using System.Net.Http.Headers;
using AgentChat.Configuration;

namespace AgentChat.Bench.Infra;

/// <summary>A published <c>cchat daemon</c> process for one account, with its own state and runtime dirs.</summary>
internal sealed class DaemonProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private DaemonProcess(Process process, StreamWriter log, string stateDir, IReadOnlyDictionary<string, string> env)
    {
        _process = process;
        _log = log;
        StateDir = stateDir;
        Env = env;
    }

    public int Pid => _process.Id;
    public string StateDir { get; }
    public string RuntimeDir => Path.Combine(StateDir, "run");
    public IReadOnlyDictionary<string, string> Env { get; }
    public Uri Gateway { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public bool HasExited => _process.HasExited;

    /// <summary>The environment a daemon (or a CLI of the same agent) runs with.</summary>
    public static Dictionary<string, string> AgentEnv(BenchOptions o, Account account, string room, string stateDir) => new()
    {
        ["AGENTCHAT_HOMESERVER"] = o.Homeserver.ToString().TrimEnd('/'),
        ["AGENTCHAT_USER_ID"] = account.UserId.Value,
        ["AGENTCHAT_ACCESS_TOKEN"] = account.Token,
        ["AGENTCHAT_ROOM"] = room,
        ["AGENTCHAT_STATE_DIR"] = stateDir,
        ["XDG_RUNTIME_DIR"] = Path.Combine(stateDir, "run"),
        ["XDG_CONFIG_HOME"] = Path.Combine(stateDir, "config"),
        ["HOME"] = stateDir,
        ["PATH"] = "/usr/bin:/bin",
        // The bench sends thousands of agent messages with no human between: the loop guard would stop it at 20.
        ["AGENTCHAT_LOOP_BUDGET"] = "100000",
    };

    /// <summary>Starts the process; returns at once (see <see cref="WaitGatewayAsync"/> and <see cref="WaitHealthyAsync"/>).</summary>
    public static DaemonProcess Spawn(BenchOptions o, Account account, string room, string name)
    {
        var stateDir = Path.Combine(o.WorkDir, "daemons", $"{name}-{Guid.NewGuid().ToString("N")[..6]}");
        Directory.CreateDirectory(Path.Combine(stateDir, "run"));
        var env = AgentEnv(o, account, room, stateDir);
        var psi = new ProcessStartInfo(o.Cchat) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "daemon", "--port", "0", "--description", "bench daemon" }) psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        foreach (var (k, v) in env) psi.Environment[k] = v;
        foreach (var (k, v) in o.DaemonEnv) psi.Environment[k] = v;
        var log = new StreamWriter(Path.Combine(stateDir, "daemon.log")) { AutoFlush = true };
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start cchat daemon");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new DaemonProcess(process, log, stateDir, env);
    }

    public static async Task<DaemonProcess> StartAsync(BenchOptions o, Account account, string room, string name, CancellationToken ct,
        TimeSpan? healthyWithin = null)
    {
        var d = Spawn(o, account, room, name);
        await d.WaitGatewayAsync(healthyWithin ?? TimeSpan.FromSeconds(30), ct);
        await d.WaitHealthyAsync(healthyWithin ?? TimeSpan.FromSeconds(60), ct);
        return d;
    }

    /// <summary>Polls for the discovery file (written once the gateway listens) every millisecond or so.</summary>
    public async Task WaitGatewayAsync(TimeSpan budget, CancellationToken ct)
    {
        var dir = Path.Combine(RuntimeDir, "agentchat");
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < budget)
        {
            if (_process.HasExited) throw new InvalidOperationException($"cchat daemon exited with {_process.ExitCode}; the end of its log: {LogTail()}");
            if (Directory.Exists(dir) && Directory.GetFiles(dir, "*.json") is [var file] && DiscoveryFile.TryRead(file) is { } found)
            {
                Gateway = new Uri(found.Gateway + "/");
                Http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
                {
                    BaseAddress = Gateway, Timeout = TimeSpan.FromSeconds(90),
                };
                Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", found.Token);
                return;
            }
            await Task.Delay(1, ct);
        }
        throw new TimeoutException($"no discovery file from cchat daemon within {budget.TotalSeconds} s; see {StateDir}/daemon.log");
    }

    public string Token => Http.DefaultRequestHeaders.Authorization!.Parameter!;

    public async Task WaitHealthyAsync(TimeSpan budget, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < budget)
        {
            if (_process.HasExited) throw new InvalidOperationException($"cchat daemon exited with {_process.ExitCode}; the end of its log: {LogTail()}");
            try
            {
                using var r = await Http.GetAsync("health", ct);
                if (r.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(2, ct);
        }
        throw new TimeoutException($"cchat daemon not healthy within {budget.TotalSeconds} s; the end of its log: {LogTail()}");
    }

    public double RssMb() => ProcStat.RssMb(Pid);

    /// <summary>The last lines of the daemon's log, for a failure that outlives the bench's temporary directory.</summary>
    private string LogTail()
    {
        if (_process.HasExited) _process.WaitForExit(); // the last lines of stdout/stderr are in the log only after this
        lock (_log) _log.Flush();
        var lines = File.ReadAllLines(Path.Combine(StateDir, "daemon.log"));
        return string.Join(" | ", lines.TakeLast(4));
    }

    /// <summary>SIGTERM, as systemd stops it; SIGKILL if it is not gone in 15 s.</summary>
    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (!_process.HasExited)
        {
            using (var kill = Process.Start(new ProcessStartInfo("/bin/kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])))
                await kill!.WaitForExitAsync();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
        lock (_log) _log.Dispose();
    }
}
