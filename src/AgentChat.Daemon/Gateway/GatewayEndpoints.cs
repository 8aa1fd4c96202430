using AgentChat.Daemon.Attachments;
using AgentChat.Daemon.Decisions;
using AgentChat.Daemon.Leases;
using AgentChat.Daemon.Metrics;
using AgentChat.Daemon.Presence;
using AgentChat.Daemon.Reactions;
using AgentChat.Daemon.Reading;
using AgentChat.Daemon.Receipts;
using AgentChat.Daemon.Send;
using AgentChat.Daemon.Tasks;
using AgentChat.Daemon.Unanswered;
using AgentChat.Daemon.Wake;
using Microsoft.AspNetCore.Routing;

namespace AgentChat.Daemon.Gateway;

/// <summary>The gateway's endpoints: each feature maps its own.</summary>
internal static class GatewayEndpoints
{
    public static IEndpointRouteBuilder MapGateway(this IEndpointRouteBuilder app) => app
        .MapSend()
        .MapRead()
        .MapInfo()
        .MapMetrics()
        .MapPresence()
        .MapHooks()
        .MapSent()
        .MapUnanswered()
        .MapTasks()
        .MapReact()
        .MapLeases()
        .MapAttachments()
        .MapDecisions();
}
