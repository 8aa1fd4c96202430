using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Cli;

/// <summary>
/// Runs the published cchat binary (AGENTCHAT_CCHAT_BINARY) as a process, in its own XDG directories so
/// tests never see each other's config or daemons, with only the AGENTCHAT_* variables the test sets.
/// </summary>
internal sealed class Cchat : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static readonly string[] Inherited =
    [
        "AGENTCHAT_HOMESERVER", "AGENTCHAT_USER_ID", "AGENTCHAT_ACCESS_TOKEN", "AGENTCHAT_INSTANCE", "AGENTCHAT_ROOM",
        "AGENTCHAT_STATE_DIR", "AGENTCHAT_GATEWAY", "AGENTCHAT_GATEWAY_TOKEN", "AGENTCHAT_REGISTRATION_SECRET", "AGENTCHAT_CONFIG",
        "AGENTCHAT_ALLOWED_INVITERS",
    ];

    public Cchat()
    {
        Root = Path.Combine(Path.GetTempPath(), "agentchat-cli-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        Env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["HOME"] = Root,
            ["XDG_CONFIG_HOME"] = Path.Combine(Root, "config"),
            ["XDG_RUNTIME_DIR"] = Path.Combine(Root, "run"),
            ["XDG_STATE_HOME"] = Path.Combine(Root, "state"),
        };
        foreach (var name in Inherited) Env[name] = null;
    }

    public static string Binary =>
        Environment.GetEnvironmentVariable("AGENTCHAT_CCHAT_BINARY") is { Length: > 0 } path && File.Exists(path)
            ? path
            : throw new InvalidOperationException(
                "AGENTCHAT_CCHAT_BINARY does not name the published cchat: run `bash scripts/test.sh`, or `bash scripts/publish.sh` " +
                "and export AGENTCHAT_CCHAT_BINARY=$PWD/artifacts/cchat/cchat");

    public string Root { get; }

    public Dictionary<string, string?> Env { get; }

    public string ConfigPath => Path.Combine(Root, "config", "agentchat", "config.json");

    /// <summary>An agent using its account through the environment, in the given shared room.</summary>
    public static Cchat For(SynapseServer server, TestUser user, string? room = null)
    {
        var cchat = new Cchat();
        cchat.Env["AGENTCHAT_HOMESERVER"] = server.Homeserver.ToString();
        cchat.Env["AGENTCHAT_USER_ID"] = user.UserId.Value;
        cchat.Env["AGENTCHAT_ACCESS_TOKEN"] = user.AccessToken;
        if (room is not null) cchat.Env["AGENTCHAT_ROOM"] = room;
        return cchat;
    }

    public Task<ProcessRunner.Result> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    public Task<ProcessRunner.Result> RunWithInputAsync(string? stdin, params string[] args) =>
        ProcessRunner.RunAsync(Binary, args, Timeout, Env, stdin);

    /// <summary>Runs and requires exit 0, failing with the output otherwise.</summary>
    public async Task<string> OkAsync(params string[] args)
    {
        var r = await RunAsync(args);
        Assert.True(r.ExitCode == 0, $"cchat {string.Join(' ', args)} exited {r.ExitCode}\nstdout: {r.StdOut}\nstderr: {r.StdErr}");
        return r.StdOut;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
