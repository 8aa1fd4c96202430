using System.Globalization;
using System.Text.Json;
using AgentChat.Daemon.Buffer;
using AgentChat.Gateway;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace AgentChat.Daemon.Reading;

/// <summary>
/// GET /events: Server-Sent Events, one per message as it lands; resumes after <c>Last-Event-ID</c>. With
/// <c>wake=channel</c> the caller is a Claude Code channel: while it is connected the session counts as
/// wakeable by channel, and each change of the session's busy state is sent as <c>event: activity</c>.
/// </summary>
internal static class EventsEndpoint
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static async Task HandleAsync(HttpContext context, MessageBuffer buffer, IHostApplicationLifetime lifetime, TimeProvider time, Wake.SessionActivity activity, CancellationToken requestAborted)
    {
        // The stream ends when the client goes away or the daemon stops, whichever comes first.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifetime.ApplicationStopping);
        var ct = linked.Token;
        var cursor = long.TryParse(context.Request.Headers["Last-Event-ID"], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            ? last : buffer.LatestCursor;
        var channel = context.Request.Query["wake"] == Wake.SessionActivity.Channel;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.Body.FlushAsync(ct);
        bool? busy = null;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var changed = buffer.Changed;
                var activityChanged = activity.Changed;
                if (channel && busy != activity.Busy)
                {
                    busy = activity.Busy;
                    await context.Response.WriteAsync($"event: activity\ndata: {(activity.Busy ? "busy" : "idle")}\n\n", ct);
                }
                var slice = buffer.After(cursor, _ => true, 500);
                foreach (var message in slice.Messages)
                {
                    var json = JsonSerializer.Serialize(message, GatewayJsonContext.Default.ChatMessage);
                    await context.Response.WriteAsync($"id: {message.Cursor}\nevent: message\ndata: {json}\n\n", ct);
                    cursor = message.Cursor;
                }
                await context.Response.Body.FlushAsync(ct);
                try
                {
                    await (channel ? Task.WhenAny(changed, activityChanged) : changed).WaitAsync(KeepAlive, time, ct);
                }
                catch (TimeoutException)
                {
                    await context.Response.WriteAsync(": keep-alive\n\n", ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // the client went away or the daemon is stopping
        }
    }
}
