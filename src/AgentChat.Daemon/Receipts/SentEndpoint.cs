using System.Globalization;
using AgentChat.Gateway;
using AgentChat.Hosting.Gateway;
using AgentChat.Receipts;
using Microsoft.AspNetCore.Http;

namespace AgentChat.Daemon.Receipts;

/// <summary><c>GET /sent?pending=&amp;limit=</c>: this agent's recent sends with their receipts, newest first.</summary>
internal static class SentEndpoint
{
    public const int DefaultLimit = 50;

    public static IResult Handle(HttpRequest request, ConversationWatch watch)
    {
        var pending = request.Query["pending"].ToString() is { Length: > 0 } p ? p.ToLowerInvariant() switch
        {
            "true" or "1" or "yes" => true,
            "false" or "0" or "no" => false,
            _ => (bool?)null,
        } : false;
        if (pending is null) return GatewayResults.BadRequest("bad_pending", "\"pending\" must be true or false");
        var limit = DefaultLimit;
        if (request.Query["limit"].ToString() is { Length: > 0 } l
            && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > ReceiptBook.DefaultCapacity))
            return GatewayResults.BadRequest("bad_limit", $"\"limit\" must be a number from 1 to {ReceiptBook.DefaultCapacity}");
        return TypedResults.Json(new SentResponse(watch.Sent(pending.Value, limit), "gateway"), GatewayJsonContext.Default.SentResponse);
    }
}
