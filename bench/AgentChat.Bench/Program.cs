using System.Diagnostics;
using AgentChat.Bench;
using AgentChat.Bench.Benchmarks;
using AgentChat.Bench.Benchmarks.Fleet;
using AgentChat.Bench.Infra;

// The benchmark harness: run.sh starts Synapse and hands it over; this prints one Markdown table.
// `--only search` alone needs no homeserver: run.sh starts none, and the search bench runs by itself.
if (SearchOnly.Matches(args)) return await SearchOnly.RunAsync(args);
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"bench: {e.Message}");
    return 1;
}

// every loop inside is bounded by count; the whole run by this
using var cts = new CancellationTokenSource((options.Quick ? TimeSpan.FromMinutes(8) : TimeSpan.FromMinutes(25))
                                            + (options.Runs("fleet") ? TimeSpan.FromMinutes(120) : TimeSpan.Zero));
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
var ct = cts.Token;
var table = new ResultTable();
var total = Stopwatch.StartNew();

await using (var env = await BenchEnvironment.CreateAsync(options, ct))
{
    Console.Error.WriteLine($"bench: room {env.Alias}, daemons A (pid {env.DaemonA.Pid}) and B (pid {env.DaemonB.Pid}) healthy, Synapse pid {env.SynapsePid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}");
    var benches = new (string Name, Func<BenchEnvironment, ResultTable, CancellationToken, Task> Run)[]
    {
        ("latency", LatencyBench.RunAsync),
        ("cli", CliSendBench.RunAsync),
        ("startup", StartupBench.RunAsync),
        ("throughput", ThroughputBench.RunAsync),
        ("read", ReadPathBench.RunAsync),
        ("memory", MemoryBench.RunAsync),
        ("registry", RegistryCostBench.RunAsync),
        ("federation", FederationBench.RunAsync),
        ("postgres", PostgresSynapseBench.RunAsync),
        ("wake", WakeBench.RunAsync),
        ("claude", ClaudeCodeBench.RunAsync),
        ("bridge", BridgeBench.RunAsync),
        ("archive", ArchiveBench.RunAsync),
        ("search", SearchBench.RunAsync),
        ("fleet", FleetBench.RunAsync),
    };
    foreach (var (name, run) in benches)
    {
        if (!options.Runs(name)) continue;
        var sw = Stopwatch.StartNew();
        Console.Error.WriteLine($"bench: {name} …");
        try
        {
            await run(env, table, ct);
        }
        catch (Exception e) when (ct.IsCancellationRequested)
        {
            table.Failed(name, $"interrupted or over the run's time limit ({e.GetType().Name})");
            break;
        }
        catch (Exception e)
        {
            table.Failed(name, $"{e.GetType().Name}: {e.Message}");
        }
        Console.Error.WriteLine($"bench: {name} done in {sw.Elapsed.TotalSeconds:0} s");
    }
    foreach (var (d, name) in new[] { (env.DaemonA, "A"), (env.DaemonB, "B") })
        if (d.HasExited) table.Note($"daemon {name} exited during the run: see {d.StateDir}/daemon.log");
}

var markdown = table.ToMarkdown() + $"\nRun took {total.Elapsed.TotalMinutes:0.0} min{(options.Quick ? " (--quick)" : "")}.\n";
Console.WriteLine(markdown);
if (options.Out is { } path) await File.WriteAllTextAsync(path, markdown, CancellationToken.None);
return 0;
