using AgentChat.Configuration;
using AgentChat.Gateway;
using AgentChat.Matrix;

namespace AgentChat.Cli.Agent;

/// <summary>Builds the status report: the daemon's own when one answers, a local one otherwise.</summary>
internal static class StatusService
{
    public static async Task<StatusReport> BuildAsync(AgentService agent, CancellationToken ct)
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
        if (daemon is null)
        {
            account = await CheckAccountAsync(agent, ct);
            if (account.Ok) room = await CheckRoomAsync(agent, ct);
        }
        return new StatusReport
        {
            Mode = daemon is null ? "direct" : "gateway",
            Healthy = daemon is not null ? daemon.Sync.Connected : agent.Gateway is null && account?.Ok == true && room?.Ok == true,
            Gateway = agent.Gateway?.Endpoint.Url.ToString(),
            GatewayError = gatewayError,
            ConfigPath = settings.ConfigPath,
            Settings = Describe(settings),
            Account = account,
            Room = room,
            Daemon = daemon,
        };
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
