using System.Net.Http.Headers;
using AgentChat.Cli.Agent;
using AgentChat.Cli.Contract;
using AgentChat.Cli.Gateway;
using AgentChat.Gateway;
using AgentChat.Matrix;
using AgentChat.Messages;
using AgentChat.Messages.Wake;
using AgentChat.Rooms;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AgentChat.Cli.Mcp.Channel;

/// <summary>
/// <c>cchat mcp</c> as a Claude Code channel: feeds the messages addressed to this agent from the daemon's
/// event stream (or /sync when no daemon runs) through the filter and the pusher into
/// <c>notifications/claude/channel</c>. A client without channels ignores the notifications; the tools work alike.
/// </summary>
internal sealed class CchatChannel(AgentService agent, TextWriter log)
{
    private const int InitializeWait = 2000;

    public PushedMessages Pushed { get; } = new();

    public async Task RunAsync(McpServer server, CancellationToken ct)
    {
        // Notifications before the client's initialize could be lost; a client on a stateless protocol revision
        // (server/discover, no initialize) never sends one, so the wait is short.
        for (var waited = 0; server.ClientCapabilities is null && waited < InitializeWait; waited += 20) await Task.Delay(20, ct);
        var settings = agent.Settings;
        var daemon = await agent.DaemonStatusAsync(ct);
        string self;
        if (daemon is not null) self = daemon.UserId;
        else if (McpIdentity.HasAccount(settings)) self = settings.UserIdValue.Value;
        else
        {
            await log.WriteLineAsync("cchat mcp: channel: off (no daemon and no Matrix account); the tools still answer");
            return;
        }
        var directRooms = McpIdentity.HasAccount(settings) ? new DirectRoomCache(agent.Direct.Client, new UserId(self), TimeProvider.System) : null;
        var filter = new ChannelFilter(self, new SenderGate(self, settings.Environment(SenderGate.Variable)),
            (m, t) => directRooms is not null ? directRooms.IsDirectAsync(m.RoomId, m.Room, t) : Task.FromResult(m.Room is null), log,
            daemon?.Instance ?? settings.InstanceName);
        var reporter = new DeliveryReporter(
            daemon is not null ? () => GatewayEndpoint.Find(settings) : () => null,
            McpIdentity.HasAccount(settings) ? agent.Direct.Client : null, log);
        var pusher = new ChannelPusher(
            (p, t) => server.SendMessageAsync(new JsonRpcNotification
            {
                Method = ChannelParams.Method,
                Params = System.Text.Json.JsonSerializer.SerializeToNode(p, ChannelJsonContext.Default.ChannelParams), // source-generated: AOT-safe
            }, t),
            Pushed, TimeProvider.System, reporter.Pushed, reporter.ClaimAsync);
        Task feed;
        if (daemon is not null)
        {
            await log.WriteLineAsync("cchat mcp: channel: pushing messages addressed to you from the daemon's event stream");
            feed = new DaemonFeed(Http.Client, () => GatewayEndpoint.Find(settings), log).RunAsync(filter, pusher, ct);
        }
        else
        {
            var shared = await new RoomResolver(agent.Direct.Client, new UserId(self)).ResolveRoomAsync(settings.RoomValue, ct);
            await log.WriteLineAsync("cchat mcp: channel: no daemon; pushing messages addressed to you from this process's own /sync");
            feed = new DirectFeed(agent.Direct.Client, shared, settings.RoomValue.StartsWith('#') ? settings.RoomValue : null, TimeProvider.System, log)
                .RunAsync(filter, pusher, ct);
        }
        await Task.WhenAll(pusher.RunAsync(ct), feed, reporter.RunAsync(ct));
    }

    /// <summary>The session answered in <paramref name="roomId"/>: what was pushed there counts as read now.</summary>
    public async Task AcknowledgeAsync(string roomId, CancellationToken ct)
    {
        if (Pushed.NewestIn(roomId) is not { } newest) return;
        if (agent.Gateway is { } gateway)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway.Endpoint.Url, "hooks/ack?event_id=" + Uri.EscapeDataString(newest.EventId)));
                if (gateway.Endpoint.Token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", gateway.Endpoint.Token);
                using var response = await Http.Client.SendAsync(request, ct);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
        }
        var id = new EventId(newest.EventId);
        await agent.Direct.Client.SetReadMarkersAsync(new RoomId(roomId), id, id, ct);
    }

    /// <summary>The reply tool: the answer goes to the pushed message's room, in its thread (or starting one on it), then acknowledges.</summary>
    public async Task<SendResult> ReplyAsync(string eventId, string text, string? kind, CancellationToken ct)
    {
        var answered = Pushed.Find(eventId);
        var request = new SendRequest
        {
            Text = text,
            Kind = kind,
            Room = answered?.RoomId,
            Thread = answered?.Thread ?? eventId,
            ReplyTo = answered?.Thread is not null ? eventId : null,
        };
        var sent = await agent.SendAsync(request, ct);
        if (answered is not null) await AcknowledgeAsync(answered.RoomId, ct);
        return sent;
    }
}
