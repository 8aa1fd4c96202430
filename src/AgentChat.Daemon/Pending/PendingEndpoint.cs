using AgentChat.Daemon.Receipts;
using AgentChat.Gateway;
using AgentChat.Unanswered;
using Microsoft.AspNetCore.Http;

namespace AgentChat.Daemon.Pending;

/// <summary><c>GET /pending</c>: the questions and tasks in this daemon's rooms that nobody answered in time.</summary>
internal static class PendingEndpoint
{
    public static IResult Handle(ConversationWatch watch) =>
        TypedResults.Json(new PendingResponse(watch.Unanswered(), (int)watch.Settings.UnansweredAfter.TotalSeconds, "gateway"), GatewayJsonContext.Default.PendingResponse);
}
