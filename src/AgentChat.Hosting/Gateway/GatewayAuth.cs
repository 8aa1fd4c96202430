using System.Security.Cryptography;
using System.Text;
using AgentChat.Hosting.Metrics;
using Microsoft.AspNetCore.Http;

namespace AgentChat.Hosting.Gateway;

/// <summary>
/// Other local users must not act as the agent: every endpoint but /health needs the bearer token from the
/// daemon's 0600 discovery file. /metrics also takes the scrape token, when one is configured.
/// </summary>
public sealed class GatewayAuth(GatewayToken token, ScrapeToken scrape) : IMiddleware
{
    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.Equals("/health", StringComparison.Ordinal)) return next(context);
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[7..].Trim()), token.Bytes))
            return next(context);
        if (context.Request.Path.Equals("/metrics", StringComparison.Ordinal) && header.StartsWith("Bearer ", StringComparison.Ordinal)
            && scrape.Matches(Encoding.UTF8.GetBytes(header[7..].Trim())))
            return next(context);
        return GatewayResults.Error(StatusCodes.Status401Unauthorized, "unauthorized",
                "missing or wrong bearer token: read it from the daemon's discovery file ($XDG_RUNTIME_DIR/agentchat/<instance>.json), as cchat does")
            .ExecuteAsync(context);
    }
}
