using AgentChat.Configuration;
using AgentChat.Gateway;
using AgentChat.Verbs;

namespace AgentChat.Cli.Agent;

/// <summary>
/// send/read/who/status for the CLI verbs and the MCP tools alike: through the daemon's gateway when one
/// answers, else straight to Matrix with the agent's own credentials.
/// </summary>
internal sealed class AgentService(AgentChatSettings settings, HttpClient http, TimeProvider time)
{
    /// <summary>A gateway that is not there fails at once; one that failed later had the read and went away.</summary>
    private static readonly TimeSpan WentAwayAfter = TimeSpan.FromSeconds(1);

    private GatewayClient? _gateway;
    private bool _gatewayLooked;
    private DirectAgent? _direct;

    public AgentChatSettings Settings => settings;

    /// <summary>The gateway to try first, or null when none is configured or discovered.</summary>
    public GatewayClient? Gateway
    {
        get
        {
            if (!_gatewayLooked)
            {
                _gatewayLooked = true;
                _gateway = GatewayEndpoint.Find(settings) is { } endpoint ? new GatewayClient(http, endpoint) : null;
            }
            return _gateway;
        }
    }

    public DirectAgent Direct => _direct ??= new DirectAgent(settings, http, time);

    public async Task<SendResult> SendAsync(SendRequest request, CancellationToken ct)
    {
        // One key per message, made before the first attempt: the fallback reuses it, so a gateway that
        // accepted the message and died before answering never causes a second copy.
        var txnId = request.TxnId ?? TxnId.New();
        request = request with { TxnId = txnId };
        if (Gateway is { } gateway)
        {
            try
            {
                return await gateway.SendAsync(request, ct);
            }
            catch (GatewayUnavailableException)
            {
            }
        }
        return await Direct.SendAsync(request, ct);
    }

    public async Task<ReadResponse> ReadAsync(ReadArgs args, CancellationToken ct)
    {
        if (Gateway is { } gateway)
        {
            var started = time.GetTimestamp();
            try
            {
                return await gateway.ReadAsync(args, ct);
            }
            catch (GatewayUnavailableException e) when (args.WaitSeconds is > 0
                                                        && (!GatewayClient.NeverConnected(e) || time.GetElapsedTime(started) >= WentAwayAfter))
            {
                // The daemon took the read and went away while it waited (stopped, crashed, hung): nothing arrived in
                // that time, and waiting all over again in direct mode would double the wait the caller asked for.
                return new ReadResponse([], args.Since ?? string.Empty);
            }
            catch (GatewayUnavailableException)
            {
            }
        }
        return await Direct.ReadAsync(args, ct);
    }

    public async Task<WhoResponse> WhoAsync(CancellationToken ct)
    {
        if (Gateway is { } gateway)
        {
            try
            {
                return await gateway.WhoAsync(ct);
            }
            catch (GatewayUnavailableException)
            {
            }
        }
        return await Direct.WhoAsync(ct);
    }

    /// <summary>This agent's presence; with <paramref name="set"/>, says it is busy or idle first.</summary>
    public async Task<PresenceResponse> PresenceAsync(PresenceRequest? set, CancellationToken ct)
    {
        if (Gateway is { } gateway)
        {
            try
            {
                return await gateway.PresenceAsync(set, ct);
            }
            catch (GatewayUnavailableException)
            {
            }
        }
        return await Direct.PresenceAsync(set, ct);
    }

    /// <summary>The daemon's status, or null when no gateway answers.</summary>
    public async Task<StatusResponse?> DaemonStatusAsync(CancellationToken ct)
    {
        if (Gateway is not { } gateway) return null;
        try
        {
            return await gateway.StatusAsync(ct);
        }
        catch (GatewayUnavailableException)
        {
            return null;
        }
    }
}
