using System.Text.Json;
using AgentChat.Bench.Infra;
using AgentChat.Matrix;

namespace AgentChat.Bench.Benchmarks.Fleet;

/// <summary>
/// The agents of one setup: a room on the first server (made as <c>cchat setup</c> makes it), agent i on server
/// i mod K, each with its own account and daemon, grown step by step to the next N; and one raw account per server.
/// </summary>
internal sealed class Fleet(FleetSetup setup, HttpClient http) : IAsyncDisposable
{
    private const int Parallel = 6;

    /// <summary>A daemon's first /sync in a big room on a loaded Synapse: minutes, not the 60 s of the other rows.</summary>
    private static readonly TimeSpan HealthyWithin = TimeSpan.FromMinutes(5);
    private readonly List<Account> _accounts = [];

    public FleetSetup Setup => setup;
    public string RoomId { get; private set; } = "";
    public string Alias { get; private set; } = "";
    public List<DaemonProcess> Daemons { get; } = [];

    /// <summary>One raw account per server, in the room, and the daemon's filter uploaded for it.</summary>
    public List<(Account Account, RawMatrix Raw, string Filter)> RawReceivers { get; } = [];

    public (Account Account, RawMatrix Raw) RawSender { get; private set; }

    public FleetServer ServerOf(int agent) => setup.Servers[agent % setup.Servers.Count];

    public async Task CreateRoomAsync(CancellationToken ct)
    {
        var first = setup.Servers[0].Options;
        var owner = await RegisterAsync(first, "fleet-owner", ct);
        var localpart = $"aichat-fleet-{Guid.NewGuid().ToString("N")[..8]}";
        using var power = JsonDocument.Parse("""{"events":{"com.aiagentchat.instance":0},"users_default":0,"events_default":0}""");
        RoomId = (await owner.Client.CreateRoomAsync(new CreateRoomRequest
        {
            Name = "agents (fleet bench)", Preset = "public_chat", RoomAliasName = localpart, PowerLevelContentOverride = power.RootElement.Clone(),
        }, ct)).Value;
        Alias = $"#{localpart}:{first.ServerName}";
        var sender = await RegisterAsync(first, "fleet-rawsend", ct);
        await sender.Client.JoinRoomAsync(Alias, ct);
        RawSender = (sender, new RawMatrix(http, first.Homeserver));
        foreach (var server in setup.Servers)
        {
            var raw = await RegisterAsync(server.Options, "fleet-raw", ct);
            await raw.Client.JoinRoomAsync(Alias, ct);
            RawReceivers.Add((raw, new RawMatrix(http, server.Options.Homeserver), await raw.Client.UploadFilterAsync(raw.UserId, BenchEnvironment.DaemonFilter, ct)));
        }
    }

    /// <summary>Registers, joins and starts agents until there are <paramref name="n"/>; returns how long that took.</summary>
    public async Task<(TimeSpan Accounts, TimeSpan Daemons)> GrowToAsync(int n, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(Parallel);
        var fresh = await Task.WhenAll(Enumerable.Range(_accounts.Count, n - _accounts.Count).Select(async i =>
        {
            await gate.WaitAsync(ct);
            try
            {
                var account = await RegisterAsync(ServerOf(i).Options, $"fleet{i:D3}", ct);
                await account.Client.JoinRoomAsync(Alias, ct);
                return (i, account);
            }
            finally
            {
                gate.Release();
            }
        }));
        _accounts.AddRange(fresh.OrderBy(f => f.i).Select(f => f.account));
        var accounts = clock.Elapsed;
        clock.Restart();
        var started = await Task.WhenAll(Enumerable.Range(Daemons.Count, n - Daemons.Count).Select(async i =>
        {
            await gate.WaitAsync(ct);
            try
            {
                return (i, daemon: await DaemonProcess.StartAsync(ServerOf(i).Options, _accounts[i], Alias, $"fleet{i:D3}", ct, HealthyWithin));
            }
            finally
            {
                gate.Release();
            }
        }));
        Daemons.AddRange(started.OrderBy(s => s.i).Select(s => s.daemon));
        return (accounts, clock.Elapsed);
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Daemons.Select(d => d.DisposeAsync().AsTask()));
        Daemons.Clear();
    }

    private async Task<Account> RegisterAsync(BenchOptions server, string prefix, CancellationToken ct)
    {
        var anonymous = new MatrixClient(http, server.Homeserver);
        var login = await anonymous.RegisterWithSharedSecretAsync(server.Secret, $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}", Guid.NewGuid().ToString("N"), ct: ct);
        return new Account(login.UserId, login.AccessToken, anonymous.WithAccessToken(login.AccessToken));
    }
}
