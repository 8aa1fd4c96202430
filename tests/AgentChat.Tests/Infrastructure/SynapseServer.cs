using AgentChat.Matrix;

namespace AgentChat.Tests.Infrastructure;

/// <summary>
/// A real Synapse, started once per test run and profile through scripts/synapse.sh, or the one named by
/// AGENTCHAT_TEST_HOMESERVER and AGENTCHAT_TEST_REGISTRATION_SECRET. When it cannot start, every test
/// that needs it fails with the server's own output.
/// </summary>
public sealed partial class SynapseServer
{
    private static readonly Lazy<Task<SynapseServer>> RelaxedServer = new(() => StartAsync(SynapseProfile.Relaxed));
    private static readonly Lazy<Task<SynapseServer>> DefaultServer = new(() => StartAsync(SynapseProfile.Default));
    private static readonly HttpClient Http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private static readonly List<SynapseServer> Started = [];

    private SynapseServer(Uri homeserver, string secret, string serverName, string? dataDir, string? logPath)
    {
        Homeserver = homeserver;
        RegistrationSecret = secret;
        ServerName = serverName;
        DataDir = dataDir;
        LogPath = logPath;
    }

    public Uri Homeserver { get; private set; }
    public string RegistrationSecret { get; }
    public string ServerName { get; }
    public string? DataDir { get; }
    public string? LogPath { get; }

    public static Task<SynapseServer> GetAsync(SynapseProfile profile = SynapseProfile.Relaxed) =>
        (profile == SynapseProfile.Relaxed ? RelaxedServer : DefaultServer).Value;

    /// <summary>A server of its own, for a test that stops and restarts the homeserver.</summary>
    public static Task<SynapseServer> StartDedicatedAsync() => StartAsync(SynapseProfile.Relaxed, dedicated: true);

    public MatrixClient AnonymousClient() => new(Http, Homeserver);

    /// <summary>A fresh account with a random name, so tests never share state.</summary>
    public async Task<TestUser> CreateUserAsync(string prefix = "u", bool admin = false)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";
        var password = Guid.NewGuid().ToString("N");
        var login = await AnonymousClient().RegisterWithSharedSecretAsync(RegistrationSecret, name, password, admin, displayName: name)
            .WaitAsync(TimeSpan.FromSeconds(30));
        return new TestUser(login.UserId, password, login.AccessToken, new MatrixClient(Http, Homeserver, login.AccessToken));
    }

    /// <summary>Stops the server, keeping its data; <see cref="RestartAsync"/> brings it back on the same port.</summary>
    public async Task StopAsync()
    {
        var dir = DataDir ?? throw new InvalidOperationException("an external homeserver cannot be stopped by the tests");
        var r = await ProcessRunner.RunAsync("bash", [RepoPaths.SynapseScript, "stop", dir], TimeSpan.FromSeconds(60));
        if (r.ExitCode != 0) throw new InvalidOperationException($"synapse.sh stop failed: {r.StdErr}");
    }

    public async Task RestartAsync()
    {
        var dir = DataDir ?? throw new InvalidOperationException("an external homeserver cannot be restarted by the tests");
        var r = await ProcessRunner.RunAsync("bash", [RepoPaths.SynapseScript, "start", dir], TimeSpan.FromMinutes(3), OwnedByThisProcess);
        if (r.ExitCode != 0) throw new InvalidOperationException($"Synapse did not restart:\n{r.StdErr}\n{r.StdOut}");
    }

    /// <summary>The tail of the server's log, for a failing test's message.</summary>
    public string LogTail(int lines = 60) =>
        LogPath is not null && File.Exists(LogPath) ? string.Join('\n', File.ReadLines(LogPath).TakeLast(lines)) : "(no server log)";

    private static async Task<SynapseServer> StartAsync(SynapseProfile profile, bool dedicated = false, PostgresServer? postgres = null)
    {
        var external = Environment.GetEnvironmentVariable("AGENTCHAT_TEST_HOMESERVER");
        if (profile == SynapseProfile.Relaxed && !dedicated && !string.IsNullOrEmpty(external))
        {
            var secret = Environment.GetEnvironmentVariable("AGENTCHAT_TEST_REGISTRATION_SECRET")
                         ?? throw new InvalidOperationException("AGENTCHAT_TEST_HOMESERVER is set but AGENTCHAT_TEST_REGISTRATION_SECRET is not: set both, or neither to let the tests start Synapse");
            var uri = new Uri(external);
            var serverName = (await new MatrixClient(Http, uri).RegisterWithSharedSecretAsync(secret, $"probe-{Guid.NewGuid():N}", Guid.NewGuid().ToString("N"))).UserId.ServerName;
            return new SynapseServer(uri, secret, serverName, null, null);
        }

        var dir = Path.Combine(Path.GetTempPath(), "agentchat-tests", $"synapse-{profile.ToString().ToLowerInvariant()}-{Environment.ProcessId}{(dedicated ? "-" + Guid.NewGuid().ToString("N")[..8] : "")}");
        var result = await ProcessRunner.RunAsync("bash",
            [RepoPaths.SynapseScript, "start", dir, profile == SynapseProfile.Relaxed ? "relaxed" : "default", .. postgres is null ? [] : new[] { "--postgres", postgres.DataDir }],
            TimeSpan.FromMinutes(8), OwnedByThisProcess);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"Synapse ({profile}) did not start; the tests need a real homeserver.\n" +
                                                $"Run `sudo bash scripts/synapse.sh install` and read its output.\n{result.StdErr}\n{result.StdOut}");
        var env = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        var server = new SynapseServer(new Uri(env["homeserver"]), env["secret"], env["server_name"], dir, env["log"]) { Database = env.GetValueOrDefault("database") };
        lock (Started)
        {
            if (Started.Count == 0) AppDomain.CurrentDomain.ProcessExit += (_, _) => DestroyAll();
            Started.Add(server);
        }
        return server;
    }

    /// <summary>The script destroys the server once this test process is gone, even when it is killed.</summary>
    private static Dictionary<string, string?> OwnedByThisProcess =>
        new() { ["AGENTCHAT_SYNAPSE_OWNER_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    private static void DestroyAll()
    {
        lock (Started)
        {
            foreach (var s in Started.Where(s => s.DataDir is not null))
                ProcessRunner.RunAsync("bash", [RepoPaths.SynapseScript, "destroy", s.DataDir!], TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        }
    }
}
