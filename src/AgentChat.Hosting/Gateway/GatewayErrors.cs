using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentChat.Hosting.Gateway;

/// <summary>An unexpected failure in one request is that request's 500, in the gateway's error shape; the daemon stays up.</summary>
public sealed partial class GatewayErrors(ILogger<GatewayErrors> logger) : IMiddleware
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted)
        {
            LogUnexpected(logger, context.Request.Path, e);
            await GatewayResults.Error(500, "internal", "the daemon failed on this request; see its log").ExecuteAsync(context);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "request {Path} failed")]
    private static partial void LogUnexpected(ILogger logger, string path, Exception exception);
}
