using AgentChat.Cli.Gateway;
using AgentChat.Configuration;
using AgentChat.Gateway;
using AgentChat.Matrix;

namespace AgentChat.Cli.Agent;

/// <summary>Builds the status report: the daemon's own when one answers, a local one otherwise.</summary>
internal static class StatusService
{
    public static Task<StatusReport> BuildAsync(AgentService agent, CancellationToken ct) => BuildAsync(agent, daemonOnly: false, ct);

    /// <param name="daemonOnly">
    /// Only this instance's daemon counts (<c>cchat status --daemon</c>): healthy means it runs and syncs, and the
    /// account is not checked in its place.
    /// </param>
    public static async Task<StatusReport> BuildAsync(AgentService agent, bool daemonOnly, CancellationToken ct)
    {
        var settings = agent.Settings;
        StatusResponse? daemon = null;
        string? gatewayError = null;
        try
        {
            daemon = await agent.DaemonStatusAsync(ct);
        }
        catch (GatewayException e)
        {
            gatewayError = e.Message;
        }
        AccountCheck? account = null;
        RoomCheck? room = null;
        if (daemon is null && !daemonOnly)
        {
            account = await CheckAccountAsync(agent, ct);
            if (account.Ok) room = await CheckRoomAsync(agent, ct);
        }
        var problem = DaemonProblem(agent, daemon, gatewayError);
        return new StatusReport
        {
            Mode = daemon is null ? "direct" : "gateway",
            Healthy = daemonOnly ? problem is null
                : daemon is not null ? daemon.Sync.Connected : agent.Gateway is null && account?.Ok == true && room?.Ok == true,
            Problem = daemonOnly ? problem : null,
            Gateway = agent.Gateway?.Endpoint.Url.ToString(),
            GatewayError = gatewayError,
            ConfigPath = settings.ConfigPath,
            Settings = Describe(settings),
            Account = account,
            Room = room,
            Daemon = daemon,
        };
    }

    /// <summary>Why this instance's daemon is not running and healthy, or null when it is.</summary>
    private static string? DaemonProblem(AgentService agent, StatusResponse? daemon, string? gatewayError)
    {
        var settings = agent.Settings;
        if (agent.Gateway is not { } gateway)
            return $"no daemon of this instance is running (no discovery file in {SafeDiscoveryDirectory(settings)}): start one with `cchat daemon`, " +
                "or set AGENTCHAT_INSTANCE when several run on this host";
        var url = gateway.Endpoint.Url;
        if (gatewayError is not null) return gatewayError;
        if (daemon is null)
            return $"no daemon answers at {url}: it is still starting, or it died and left its discovery file behind";
        if (settings.UserId.HasValue && !string.Equals(daemon.UserId, settings.UserId.Value, StringComparison.Ordinal))
            return $"the daemon at {url} runs as {daemon.UserId}, not {settings.UserId.Value}: set AGENTCHAT_INSTANCE to pick this account's daemon";
        if (!daemon.Sync.Connected)
            return $"the daemon at {url} is not syncing with the homeserver{(daemon.Sync.LastError is { } error ? $" ({error})" : " yet")}";
        return null;
    }

    private static string SafeDiscoveryDirectory(AgentChatSettings settings)
    {
        try
        {
            return settings.DiscoveryDirectory;
        }
        catch (SettingsException)
        {
            return "the runtime directory";
        }
    }

    public static IReadOnlyList<SettingReport> Describe(AgentChatSettings s) =>
    [
        Plain("homeserver", s.Homeserver),
        Plain("user_id", s.UserId),
        Secret("access_token", s.AccessToken),
        Derived("instance", s.Instance, s.InstanceName),
        Derived("room", s.Room, SafeRoom(s)),
        Derived("state_dir", s.StateDir, s.StateDirectory),
        Plain("gateway", s.Gateway),
        Secret("registration_secret", s.RegistrationSecret),
    ];

    private static SettingReport Plain(string name, Setting setting) =>
        new(name, setting.Value, setting.HasValue, Source(setting), false);

    private static SettingReport Secret(string name, Setting setting) =>
        new(name, null, setting.HasValue, Source(setting), true);

    private static SettingReport Derived(string name, Setting setting, string? value) =>
        new(name, value, value is not null, setting.HasValue ? Source(setting) : "default", false);

    private static string Source(Setting setting) => setting.Source switch
    {
        SettingSource.Flag => "flag",
        SettingSource.Environment => "environment",
        SettingSource.ConfigFile => "config file",
        _ => "default",
    };

    private static string? SafeRoom(AgentChatSettings s)
    {
        try
        {
            return s.RoomValue;
        }
        catch (SettingsException)
        {
            return null;
        }
    }

    /// <summary>The shared room exists where the settings point: an agent on another server needs its alias there.</summary>
    private static async Task<RoomCheck> CheckRoomAsync(AgentService agent, CancellationToken ct)
    {
        var name = agent.Settings.RoomValue;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var id = name.StartsWith('!') ? new RoomId(name) : await agent.Direct.Client.ResolveAliasAsync(new RoomAlias(name), timeout.Token);
            return new RoomCheck(true, name, id.Value, null);
        }
        catch (MatrixException e) when (e.ErrCode == MatrixErrorCodes.NotFound)
        {
            return new RoomCheck(false, name, null, $"{name} does not exist: set AGENTCHAT_ROOM (or \"room\" in the config file) to the shared room's alias on the server that holds it, e.g. #aichat:<that server>, or have an operator run `cchat setup`");
        }
        catch (Exception e) when (e is MatrixException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return new RoomCheck(false, name, null, e.Message);
        }
    }

    private static async Task<AccountCheck> CheckAccountAsync(AgentService agent, CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var whoami = await agent.Direct.Client.WhoAmIAsync(timeout.Token);
            return new AccountCheck(true, whoami.UserId.Value, null);
        }
        catch (Exception e) when (e is MatrixException or SettingsException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return new AccountCheck(false, null, e.Message);
        }
    }
}
