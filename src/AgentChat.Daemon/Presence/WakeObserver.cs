using Microsoft.AspNetCore.Http;

namespace AgentChat.Daemon.Presence;

/// <summary>
/// Tells <see cref="WakeTracker"/> what is attached, from the requests the gateway serves (after
/// authentication, so only the agent's own sessions count): an <c>/events?wake=channel</c> stream while it is
/// open, and every call under <c>/hooks/</c> (whatever it answers: the attempt shows a hook is installed) but
/// <c>/hooks/ack</c>, which the channel's reply calls too and so shows no hook.
/// </summary>
internal sealed class WakeObserver(WakeTracker tracker) : IMiddleware
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/hooks", StringComparison.Ordinal)
            && !request.Path.StartsWithSegments("/hooks/ack", StringComparison.Ordinal))
        {
            tracker.HookCalled();
        }
        else if (HttpMethods.IsGet(request.Method) && request.Path.Equals("/events", StringComparison.Ordinal)
                 && string.Equals(request.Query["wake"], "channel", StringComparison.Ordinal))
        {
            using (tracker.ChannelOpened()) await next(context);
            return;
        }
        await next(context);
    }
}
