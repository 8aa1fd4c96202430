using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Federation;

/// <summary>
/// Two federating Synapses, hs1.test and hs2.test, started once per test run by scripts/federation.sh and
/// destroyed when the test process exits (however it ends). When the pair cannot start, every test that needs
/// it fails with the servers' own output.
/// </summary>
internal sealed class FederatedPair
{
    private static readonly Lazy<Task<FederatedPair>> Pair = new(StartAsync);

    private FederatedPair(string dir, SynapseServer hs1, SynapseServer hs2)
    {
        Dir = dir;
        Hs1 = hs1;
        Hs2 = hs2;
    }

    public static string Script => Path.Combine(RepoPaths.Root, "scripts", "federation.sh");

    public string Dir { get; }
    public SynapseServer Hs1 { get; }
    public SynapseServer Hs2 { get; }

    public static Task<FederatedPair> GetAsync() => Pair.Value;

    /// <summary>Stops one server (<c>hs1</c> or <c>hs2</c>), keeping its data.</summary>
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

    public string LogTails() => $"hs1:\n{Hs1.LogTail(30)}\nhs2:\n{Hs2.LogTail(30)}";

    private static async Task<FederatedPair> StartAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), "agentchat-tests", $"federation-{Environment.ProcessId}");
        var result = await ProcessRunner.RunAsync("bash", [Script, "start", dir], TimeSpan.FromMinutes(4), OwnedByThisProcess);
        if (result.ExitCode != 0)
            throw new InvalidOperationException("The federated pair did not start; these tests need two real homeservers.\n" +
                                                $"Run `sudo bash scripts/synapse.sh install`, then `sudo bash scripts/federation.sh start /tmp/pair` and read its output.\n{result.StdErr}\n{result.StdOut}");
        var env = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        SynapseServer Server(string hs) =>
            SynapseServer.OfPair(new Uri(env[$"{hs}_homeserver"]), env[$"{hs}_secret"], env[$"{hs}_server_name"], env[$"{hs}_log"]);
        var pair = new FederatedPair(dir, Server("hs1"), Server("hs2"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            ProcessRunner.RunAsync("bash", [Script, "destroy", dir], TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        return pair;
    }

    /// <summary>The script destroys the pair once this test process is gone, even when it is killed.</summary>
    private static Dictionary<string, string?> OwnedByThisProcess =>
        new() { ["AGENTCHAT_SYNAPSE_OWNER_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}
