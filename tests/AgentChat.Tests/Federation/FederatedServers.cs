using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Federation;

/// <summary>
/// Three federating Synapses, hs1.test, hs2.test and hs3.test, started once per test run by scripts/federation.sh
/// (<c>--servers 3</c>) and destroyed when the test process exits (however it ends). The two-server tests use hs1 and
/// hs2; one start serves them and the three-server tests alike. When the servers cannot start, every test that needs
/// them fails with the servers' own output.
/// </summary>
internal sealed class FederatedServers
{
    public const int Count = 3;
    private static readonly Lazy<Task<FederatedServers>> Servers = new(StartAsync);

    private FederatedServers(string dir, IReadOnlyList<SynapseServer> all)
    {
        Dir = dir;
        All = all;
    }

    public static string Script => Path.Combine(RepoPaths.Root, "scripts", "federation.sh");

    public string Dir { get; }

    /// <summary>hs1 … hs3, in order.</summary>
    public IReadOnlyList<SynapseServer> All { get; }
    public SynapseServer Hs1 => All[0];
    public SynapseServer Hs2 => All[1];
    public SynapseServer Hs3 => All[2];

    public static Task<FederatedServers> GetAsync() => Servers.Value;

    /// <summary>Stops one server (<c>hs1</c> … <c>hs3</c>), keeping its data.</summary>
    public async Task StopAsync(string server)
    {
        var r = await ProcessRunner.RunAsync("bash", [Script, "stop", Dir, server], TimeSpan.FromSeconds(60));
        if (r.ExitCode != 0) throw new InvalidOperationException($"federation.sh stop {server} failed: {r.StdErr}");
    }

    public async Task StartAsync(string server)
    {
        var r = await ProcessRunner.RunAsync("bash", [Script, "start", Dir, server], TimeSpan.FromMinutes(2), OwnedByThisProcess);
        if (r.ExitCode != 0) throw new InvalidOperationException($"{server}.test did not start again:\n{r.StdErr}\n{r.StdOut}");
    }

    public string LogTails() => string.Join('\n', All.Select((s, i) => $"hs{i + 1}:\n{s.LogTail(30)}"));

    private static async Task<FederatedServers> StartAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), "agentchat-tests", $"federation-{Environment.ProcessId}");
        var count = Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var result = await ProcessRunner.RunAsync("bash", [Script, "start", dir, "--servers", count], TimeSpan.FromMinutes(4), OwnedByThisProcess);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"The {Count} federated homeservers did not start; these tests need real ones.\n" +
                                                $"Run `sudo bash scripts/synapse.sh install`, then `sudo bash scripts/federation.sh start /tmp/fed --servers {Count}` and read its output.\n{result.StdErr}\n{result.StdOut}");
        var env = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        SynapseServer Server(string hs) =>
            SynapseServer.OfPair(new Uri(env[$"{hs}_homeserver"]), env[$"{hs}_secret"], env[$"{hs}_server_name"], env[$"{hs}_log"]);
        var servers = new FederatedServers(dir, Enumerable.Range(1, Count).Select(i => Server($"hs{i}")).ToList());
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            ProcessRunner.RunAsync("bash", [Script, "destroy", dir], TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        return servers;
    }

    /// <summary>The script destroys the servers once this test process is gone, even when it is killed.</summary>
    private static Dictionary<string, string?> OwnedByThisProcess =>
        new() { ["AGENTCHAT_SYNAPSE_OWNER_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}
