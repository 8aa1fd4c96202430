using AgentChat.Daemon.Receipts;
using AgentChat.Gateway;
using AgentChat.Unanswered;
using Microsoft.AspNetCore.Http;

namespace AgentChat.Daemon.Unanswered;

/// <summary><c>GET /pending</c> (its public name): the questions and tasks in this daemon's rooms that nobody answered in time.</summary>
internal static class UnansweredEndpoint
{
    public static IResult Handle(ConversationWatch watch) =>
        TypedResults.Json(new PendingResponse(watch.Unanswered(), (int)watch.Settings.UnansweredAfter.TotalSeconds, "gateway"), GatewayJsonContext.Default.PendingResponse);
}
