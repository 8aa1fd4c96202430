using System.Diagnostics;
using System.Globalization;
using AgentChat.Bench.Infra;

namespace AgentChat.Bench.Benchmarks.Fleet;

/// <summary>One homeserver of a setup: where it answers, its registration secret, and its Synapse process.</summary>
internal sealed record FleetServer(BenchOptions Options, int? SynapsePid);

/// <summary>
/// One setup of the fleet bench, started and destroyed through the repository's own scripts: <c>sqlite</c> (one Synapse
/// on SQLite), <c>pg</c> (one on PostgreSQL), <c>fedK</c> (K federating Synapses on PostgreSQL, scripts/federation.sh).
/// Each setup is fresh; the PostgreSQL cluster (scripts/postgres.sh, started by run.sh) is shared, a database per server.
/// </summary>
internal sealed class FleetSetup : IAsyncDisposable
{
    private readonly string _script;
    private readonly string _dir;

    private FleetSetup(string name, string script, string dir, IReadOnlyList<FleetServer> servers, int? postmasterPid)
    {
        Name = name;
        _script = script;
        _dir = dir;
        Servers = servers;
        PostmasterPid = postmasterPid;
    }

    public string Name { get; }
    public IReadOnlyList<FleetServer> Servers { get; }
    public int? PostmasterPid { get; }
    public bool OnPostgres => PostmasterPid is not null;

    public static async Task<FleetSetup> StartAsync(string name, BenchOptions o, CancellationToken ct)
    {
        var dir = Path.Combine(o.WorkDir, "fleet", $"{name}-{Guid.NewGuid().ToString("N")[..6]}");
        Directory.CreateDirectory(Path.GetDirectoryName(dir)!);
        var onPostgres = name != "sqlite";
        if (onPostgres && o.FleetPostgres is null) throw new InvalidOperationException($"setup {name} needs PostgreSQL: run.sh starts a cluster and passes --fleet-pg");
        string script;
        List<string> args;
        if (name.StartsWith("fed", StringComparison.Ordinal))
        {
            var k = int.Parse(name[3..], CultureInfo.InvariantCulture);
            script = "scripts/federation.sh";
            args = ["start", dir, "--servers", k.ToString(CultureInfo.InvariantCulture), "--postgres", o.FleetPostgres!];
        }
        else
        {
            script = "scripts/synapse.sh";
            args = ["start", dir, "relaxed", .. onPostgres ? new[] { "--postgres", o.FleetPostgres! } : []];
        }
        var output = await RunScriptAsync(script, args, ct);
        var values = output.Split('\n').Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var servers = new List<FleetServer>();
        BenchOptions For(string prefix) => new()
        {
            Homeserver = new Uri(values[prefix + "homeserver"]), Secret = values[prefix + "secret"], ServerName = values[prefix + "server_name"],
            Cchat = o.Cchat, WorkDir = Path.Combine(dir, "daemons"), Quick = o.Quick, DaemonEnv = o.DaemonEnv,
        };
        int? Pid(string prefix) => int.TryParse(values.GetValueOrDefault(prefix + "pid"), CultureInfo.InvariantCulture, out var p)
            ? ProcStat.FindInSession(p, "synapse.app.homeserver") : null;
        if (values.TryGetValue("servers", out var count))
            for (var i = 1; i <= int.Parse(count, CultureInfo.InvariantCulture); i++) servers.Add(new FleetServer(For($"hs{i}_"), Pid($"hs{i}_")));
        else servers.Add(new FleetServer(For(""), Pid("")));
        int? postmaster = onPostgres && File.Exists(Path.Combine(o.FleetPostgres!, "data", "postmaster.pid"))
            ? int.Parse(File.ReadLines(Path.Combine(o.FleetPostgres!, "data", "postmaster.pid")).First(), CultureInfo.InvariantCulture) : null;
        return new FleetSetup(name, script, dir, servers, postmaster);
    }

    /// <summary>The CPU seconds of every Synapse process of the setup, and of the PostgreSQL cluster (its processes now,
    /// plus what its exited backends left in the postmaster's children's time).</summary>
    public (double Synapse, double Postgres) CpuSeconds()
    {
        var synapse = Servers.Where(s => s.SynapsePid is not null).Sum(s => ProcStat.CpuSeconds(s.SynapsePid!.Value));
        return (synapse, PostmasterPid is { } pm ? ProcStat.SessionCpuSeconds(pm) : 0);
    }

    public double SynapseRssMb() => Servers.Where(s => s.SynapsePid is not null).Sum(s => ProcStat.RssMb(s.SynapsePid!.Value));

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunScriptAsync(_script, ["destroy", _dir], CancellationToken.None);
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"bench: fleet: could not destroy {Name}: {e.Message}");
        }
    }

    private static async Task<string> RunScriptAsync(string script, IEnumerable<string> args, CancellationToken ct)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        // The scripts destroy what they started once this harness is gone, however it ends.
        psi.Environment["AGENTCHAT_SYNAPSE_OWNER_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not run {script}");
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromMinutes(5));
        await p.WaitForExitAsync(limit.Token);
        if (p.ExitCode != 0) throw new InvalidOperationException($"{script} {string.Join(' ', args.Take(1))} exited {p.ExitCode}: {await stderr}");
        return await stdout;
    }
}
