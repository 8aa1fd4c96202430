using System.Text.Json;
using AgentChat.Gateway;
using AgentChat.Messages;
using Microsoft.Extensions.Logging;

namespace AgentChat.Bridge.Feed;

/// <summary>
/// The daemon's <c>GET /events?wake=channel</c> (the bridge is woken by it as a channel is, so the registry shows
/// it wakeable), from the start of the buffer and then as messages land; after a dropped stream it resumes with
/// <c>Last-Event-ID</c>. An event that is not a message is passed over; a message whose handling throws is logged and passed over.
/// </summary>
internal sealed partial class EventStream(HttpClient http, TimeProvider time, ILogger<EventStream> logger)
{
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(5);

    public async Task RunAsync(Func<ChatMessage, CancellationToken, Task> onMessage, CancellationToken ct)
    {
        var last = "0";
        var retry = TimeSpan.FromMilliseconds(200);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("events?wake=channel", UriKind.Relative));
                request.Headers.TryAddWithoutValidation("Last-Event-ID", last);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                if (!response.IsSuccessStatusCode) throw new HttpRequestException($"the gateway answered {(int)response.StatusCode} to GET /events");
                retry = TimeSpan.FromMilliseconds(200);
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
                string? id = null, kind = null, data = null;
                while (await reader.ReadLineAsync(ct) is { } line)
                {
                    if (line.Length == 0)
                    {
                        if (kind == "message" && data is not null && Parse(data) is { } message)
                        {
                            await DeliverAsync(onMessage, message, ct);
                            last = id ?? last;
                        }
                        id = kind = data = null;
                    }
                    else if (line.StartsWith("id: ", StringComparison.Ordinal)) id = line[4..];
                    else if (line.StartsWith("event: ", StringComparison.Ordinal)) kind = line[7..];
                    else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line[6..];
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return; // the bridge is stopping
            }
            catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
            {
                LogStreamLost(logger, e.Message);
            }
            try
            {
                await Task.Delay(retry, time, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, MaxRetry.Ticks));
        }
    }

    /// <summary>One message: whatever goes wrong with it is logged and the feed goes on (an exception here used to end it, silently).</summary>
    private async Task DeliverAsync(Func<ChatMessage, CancellationToken, Task> onMessage, ChatMessage message, CancellationToken ct)
    {
        try
        {
            await onMessage(message, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogMessageFailed(logger, message.EventId, e.GetType().Name, e.Message);
        }
    }

    private static ChatMessage? Parse(string data)
    {
        try
        {
            return JsonSerializer.Deserialize(data, GatewayJsonContext.Default.ChatMessage);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Event}: taking it in failed ({Type}: {Reason}); the feed goes on, and the next start's scan looks at it again")]
    private static partial void LogMessageFailed(ILogger logger, string @event, string type, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "the daemon's event stream dropped ({Reason}); reconnecting")]
    private static partial void LogStreamLost(ILogger logger, string reason);
}
