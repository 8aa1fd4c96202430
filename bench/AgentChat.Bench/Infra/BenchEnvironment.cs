using System.Text.Json;
using AgentChat.Matrix;
using AgentChat.Sync;

namespace AgentChat.Bench.Infra;

/// <summary>
/// What every benchmark shares: the homeserver, the shared room (made as <c>cchat setup</c> makes it), two daemons
/// A and B of the published binary, and two raw accounts RA and RB for the baselines.
/// </summary>
internal sealed class BenchEnvironment : IAsyncDisposable
{
    private readonly List<DaemonProcess> _daemons = [];

    private BenchEnvironment(BenchOptions options, HttpClient http, MatrixClient anonymous)
    {
        Options = options;
        Http = http;
        Anonymous = anonymous;
        Raw = new RawMatrix(http, options.Homeserver);
    }

    public BenchOptions Options { get; }
    public HttpClient Http { get; }
    public MatrixClient Anonymous { get; }
    public RawMatrix Raw { get; }
    public string RoomId { get; private set; } = "";
    public string Alias { get; private set; } = "";
    public Account Owner { get; private set; } = null!;
    public Account A { get; private set; } = null!;
    public Account B { get; private set; } = null!;
    public Account RA { get; private set; } = null!;
    public Account RB { get; private set; } = null!;
    public DaemonProcess DaemonA { get; private set; } = null!;
    public DaemonProcess DaemonB { get; private set; } = null!;
    public string DaemonFilterId { get; private set; } = "";
    public int? SynapsePid { get; private set; }

    public static async Task<BenchEnvironment> CreateAsync(BenchOptions options, CancellationToken ct)
    {
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5), MaxConnectionsPerServer = 256 })
        {
            Timeout = TimeSpan.FromSeconds(120),
        };
        var env = new BenchEnvironment(options, http, new MatrixClient(http, options.Homeserver));
        env.SynapsePid = options.SynapsePid > 0 ? ProcStat.FindInSession(options.SynapsePid, "synapse.app.homeserver") : null;
        var accounts = await Task.WhenAll(new[] { "owner", "a", "b", "ra", "rb" }.Select(n => env.RegisterAsync("bench-" + n, ct)));
        (env.Owner, env.A, env.B, env.RA, env.RB) = (accounts[0], accounts[1], accounts[2], accounts[3], accounts[4]);

        var localpart = $"aichat-bench-{Guid.NewGuid().ToString("N")[..8]}";
        using var power = JsonDocument.Parse("""{"events":{"com.aiagentchat.instance":0},"users_default":0,"events_default":0}""");
        var room = await env.Owner.Client.CreateRoomAsync(new CreateRoomRequest
        {
            Name = "agents (bench)",
            Preset = "public_chat",
            RoomAliasName = localpart,
            PowerLevelContentOverride = power.RootElement.Clone(),
        }, ct);
        env.RoomId = room.Value;
        env.Alias = $"#{localpart}:{options.ServerName}";
        foreach (var a in new[] { env.RA, env.RB }) await a.Client.JoinRoomAsync(env.Alias, ct);

        // the daemon's own /sync filter, for the raw /sync baselines: same payload, same wake-ups
        env.DaemonFilterId = await env.RB.Client.UploadFilterAsync(env.RB.UserId, DaemonFilter, ct);

        env.DaemonA = await env.StartDaemonAsync(env.A, "a", ct);
        env.DaemonB = await env.StartDaemonAsync(env.B, "b", ct);
        return env;
    }

    /// <summary>The daemon's own filter (the same factory), so the raw baseline gets the same payload and wake-ups.</summary>
    public static SyncFilter DaemonFilter => SyncFilters.Daemon(100);

    public async Task<Account> RegisterAsync(string prefix, CancellationToken ct)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        var login = await Anonymous.RegisterWithSharedSecretAsync(Options.Secret, name, Guid.NewGuid().ToString("N"), ct: ct);
        return new Account(login.UserId, login.AccessToken, Anonymous.WithAccessToken(login.AccessToken));
    }

    public async Task<DaemonProcess> StartDaemonAsync(Account account, string name, CancellationToken ct)
    {
        var d = await DaemonProcess.StartAsync(Options, account, Alias, name, ct);
        _daemons.Add(d);
        return d;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var d in _daemons) await d.DisposeAsync();
        Http.Dispose();
    }
}
