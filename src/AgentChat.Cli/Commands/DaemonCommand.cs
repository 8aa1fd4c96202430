using System.CommandLine;
using AgentChat.Daemon;
using AgentChat.Daemon.Hosting;

namespace AgentChat.Cli.Commands;

/// <summary><c>cchat daemon</c>: the persistent agent (sync loop, heartbeat, outbox, gateway) until SIGTERM.</summary>
internal sealed class DaemonCommand : CchatVerb
{
    /// <summary>How long a graceful shutdown (registry offline, outbox saved) may take after SIGTERM before the process exits anyway.</summary>
    public static readonly TimeSpan ShutdownBudget = TimeSpan.FromSeconds(30);

    private readonly Option<int?> _port = new("--port") { Description = $"Gateway port (default {DaemonOptions.DefaultPort}; 0 picks a free one; env AGENTCHAT_PORT)" };
    private readonly Option<string?> _bind = new("--bind") { Description = "Gateway address (default 127.0.0.1; env AGENTCHAT_BIND)" };
    private readonly Option<int?> _buffer = new("--buffer") { Description = "Messages kept in memory (default 200)" };
    private readonly Option<string?> _description = new("--description") { Description = "What this agent does, shown by `cchat who`" };
    private readonly Option<string[]> _capability = new("--capability") { Description = "A capability to advertise (repeatable)" };
    private readonly Option<string[]> _room = new("--room") { Description = "Another room to follow besides the shared one (repeatable)" };

    public DaemonCommand() : base("daemon",
        "Run the persistent agent: Matrix sync, registry heartbeat, outbox and the local gateway. Invites are joined only from "
        + "accounts on its own homeserver unless AGENTCHAT_ALLOWED_INVITERS lists others (user ids or :servers, comma-separated). "
        + $"{RegistryTiming.IntervalVariable} (default 60s) and {RegistryTiming.TtlVariable} (default 120s, at least twice the interval) "
        + "set how often it refreshes its registry entry and how long a crashed daemon's name and leases outlive it.")
    {
        Validation.Range(_port, 0, 65535);
        Validation.Range(_buffer, 1, 1_000_000);
        Add(_port);
        Add(_bind);
        Add(_buffer);
        Add(_description);
        Add(_capability);
        Add(_room);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var settings = Settings(parse);
        var options = new DaemonOptions
        {
            Description = parse.GetValue(_description),
            Capabilities = parse.GetValue(_capability) ?? [],
            ExtraRooms = parse.GetValue(_room) ?? [],
        };
        if ((parse.GetValue(_port) ?? EnvPort(settings)) is { } port) options.Port = port;
        if ((parse.GetValue(_bind) ?? settings.Environment("AGENTCHAT_BIND")) is { Length: > 0 } bind) options.Bind = bind;
        if (!System.Net.IPAddress.TryParse(options.Bind, out _))
            throw new UsageException($"--bind/AGENTCHAT_BIND must be an IP address such as 127.0.0.1 or 0.0.0.0, not '{options.Bind}'");
        if (parse.GetValue(_buffer) is { } buffer) options.BufferCapacity = buffer;
        if (settings.Environment("AGENTCHAT_METRICS_TOKEN_FILE") is { Length: > 0 } metricsToken) options.MetricsTokenFile = metricsToken;
        RegistryTiming.Apply(settings, options);
        return await DaemonHost.RunAsync(settings, options, ct);
    }

    private static int? EnvPort(AgentChat.Configuration.AgentChatSettings settings) =>
        settings.Environment("AGENTCHAT_PORT") is not { Length: > 0 } text ? null
        : int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port <= 65535 ? port
        : throw new UsageException($"AGENTCHAT_PORT must be a port number from 0 to 65535, not '{text}'");
}
