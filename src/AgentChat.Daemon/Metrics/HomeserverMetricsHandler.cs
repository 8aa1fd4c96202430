namespace AgentChat.Daemon.Metrics;

/// <summary>Counts the homeserver's answers by status class, its 429s, and requests that got no answer.</summary>
internal sealed class HomeserverMetricsHandler(DaemonMetrics metrics) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException)
        {
            metrics.Unreachable.Inc();
            throw;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            metrics.Unreachable.Inc();
            throw;
        }
        metrics.Answered((int)response.StatusCode);
        return response;
    }
}
