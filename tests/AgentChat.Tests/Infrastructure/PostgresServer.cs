using System.Globalization;

namespace AgentChat.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL (Debian's package) started through scripts/postgres.sh: one shared per test run, or a
/// dedicated one for a test that stops and restarts it. Each test takes its own database.
/// When it cannot start, every test that needs it fails with the server's own output.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<Task<PostgresServer>> Shared = new(() => StartAsync(dedicated: false));
    private static readonly List<PostgresServer> Started = [];

    private PostgresServer(string dataDir, int port)
    {
        DataDir = dataDir;
        Port = port;
    }

    public string DataDir { get; }
    public int Port { get; }

    /// <summary>An Npgsql connection string for <paramref name="database"/> as the trusted user `agentchat`.</summary>
    public string ConnectionString(string database = "agentchat") =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=agentchat;Database={database}";

    public static Task<PostgresServer> GetAsync() => Shared.Value;

    public static Task<PostgresServer> StartDedicatedAsync() => StartAsync(dedicated: true);

    /// <summary>A fresh, empty database with a random name, owned by `agentchat`; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        var name = $"{prefix}_{Guid.NewGuid().ToString("N")[..12]}";
        await PsqlAsync($"create database {name} owner agentchat");
        return ConnectionString(name);
    }

    /// <summary>Runs SQL as the superuser and returns its unaligned, tuples-only output.</summary>
    public async Task<string> PsqlAsync(string sql, string database = "postgres")
    {
        var r = await ProcessRunner.RunAsync("psql",
            ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql],
            TimeSpan.FromSeconds(60));
        if (r.ExitCode != 0) throw new InvalidOperationException($"psql failed ({sql}): {r.StdErr}");
        return r.StdOut.Trim();
    }

    public async Task StopAsync()
    {
        var r = await ProcessRunner.RunAsync("bash", [RepoPaths.PostgresScript, "stop", DataDir], TimeSpan.FromSeconds(90));
        if (r.ExitCode != 0) throw new InvalidOperationException($"postgres.sh stop failed: {r.StdErr}");
    }

    public async Task RestartAsync()
    {
        var r = await ProcessRunner.RunAsync("bash", [RepoPaths.PostgresScript, "start", DataDir], TimeSpan.FromMinutes(2), OwnedByThisProcess);
        if (r.ExitCode != 0) throw new InvalidOperationException($"PostgreSQL did not restart:\n{r.StdErr}\n{r.StdOut}");
    }

    private static async Task<PostgresServer> StartAsync(bool dedicated)
    {
        var dir = Path.Combine(Path.GetTempPath(), "agentchat-tests", $"postgres-{Environment.ProcessId}{(dedicated ? "-" + Guid.NewGuid().ToString("N")[..8] : "")}");
        var result = await ProcessRunner.RunAsync("bash", [RepoPaths.PostgresScript, "start", dir], TimeSpan.FromMinutes(3), OwnedByThisProcess);
        if (result.ExitCode != 0)
            throw new InvalidOperationException("PostgreSQL did not start; the tests need a real one.\n" +
                                                $"Run `sudo bash scripts/postgres.sh install` and read its output.\n{result.StdErr}\n{result.StdOut}");
        var env = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        var server = new PostgresServer(dir, int.Parse(env["port"], CultureInfo.InvariantCulture));
        lock (Started)
        {
            if (Started.Count == 0) AppDomain.CurrentDomain.ProcessExit += (_, _) => DestroyAll();
            Started.Add(server);
        }
        return server;
    }

    private static Dictionary<string, string?> OwnedByThisProcess =>
        new() { ["AGENTCHAT_PG_OWNER_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture) };

    private static void DestroyAll()
    {
        lock (Started)
        {
            foreach (var s in Started)
                ProcessRunner.RunAsync("bash", [RepoPaths.PostgresScript, "destroy", s.DataDir], TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
        }
    }
}
