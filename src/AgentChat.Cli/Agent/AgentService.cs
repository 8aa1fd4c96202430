using AgentChat.Cli.Contract;
using AgentChat.Cli.Direct;
using AgentChat.Cli.Gateway;
using AgentChat.Configuration;
using AgentChat.Gateway;
using AgentChat.Verbs;

namespace AgentChat.Cli.Agent;

/// <summary>
/// send/read/who/status for the CLI verbs and the MCP tools alike: through the daemon's gateway when one
/// answers, else straight to Matrix with the agent's own credentials.
/// </summary>
internal sealed partial class AgentService(AgentChatSettings settings, HttpClient http, TimeProvider time)
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

    /// <summary>
    /// The one fallback rule: <paramref name="viaGateway"/> when a gateway is configured or discovered and answers,
    /// else <paramref name="otherwise"/> (direct REST, or whatever stands in for a daemon that is not there).
    /// A gateway that answers with an error is that error, never a fallback.
    /// </summary>
    public async Task<T> ViaAsync<T>(Func<GatewayClient, Task<T>> viaGateway, Func<Task<T>> otherwise)
    {
        if (Gateway is { } gateway)
        {
            try
            {
                return await viaGateway(gateway);
            }
            catch (GatewayUnavailableException)
            {
            }
        }
        return await otherwise();
    }

    public Task<SendResult> SendAsync(SendRequest request, CancellationToken ct)
    {
        // One key per message, made before the first attempt: the fallback reuses it, so a gateway that
        // accepted the message and died before answering never causes a second copy.
        request = request with { TxnId = request.TxnId ?? TxnId.New() };
        return ViaAsync(g => g.SendAsync(request, ct), () => Direct.SendAsync(request, ct));
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

    public Task<WhoResponse> WhoAsync(CancellationToken ct) =>
        ViaAsync(g => g.WhoAsync(ct), () => Direct.WhoAsync(ct));

    /// <summary>This agent's presence; with <paramref name="set"/>, says it is busy or idle first.</summary>
    public Task<PresenceResponse> PresenceAsync(PresenceRequest? set, CancellationToken ct) =>
        ViaAsync(g => g.PresenceAsync(set, ct), () => Direct.PresenceAsync(set, ct));

    /// <summary>A reaction on a message (one per <c>txn_id</c>, made here so the fallback reuses it).</summary>
    public Task<SendResponse> ReactAsync(ReactRequest request, CancellationToken ct)
    {
        request = request with { TxnId = request.TxnId ?? TxnId.New() };
        return ViaAsync(g => g.ReactAsync(request, ct), () => Direct.ReactAsync(request, ct));
    }

    public Task<ReactionsResponse> ReactionsAsync(string eventId, string? room, CancellationToken ct) =>
        ViaAsync(g => g.ReactionsAsync(eventId, room, ct), () => Direct.ReactionsAsync(eventId, room, ct));

    /// <summary>The daemon's status, or null when no gateway answers.</summary>
    public Task<StatusResponse?> DaemonStatusAsync(CancellationToken ct) =>
        ViaAsync<StatusResponse?>(async g => await g.StatusAsync(ct), () => Task.FromResult<StatusResponse?>(null));
}
