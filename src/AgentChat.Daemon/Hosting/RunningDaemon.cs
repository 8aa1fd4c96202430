using Microsoft.AspNetCore.Builder;

namespace AgentChat.Daemon.Hosting;

/// <summary>A started daemon: where its gateway listens, and how to stop it gracefully.</summary>
public sealed class RunningDaemon(WebApplication app, Uri gateway, string token, string discoveryPath) : IAsyncDisposable
{
    internal WebApplication App => app;

    public Uri Gateway => gateway;

    /// <summary>The gateway's bearer token (also in the 0600 discovery file).</summary>
    public string Token => token;

    public string DiscoveryPath => discoveryPath;

    public IServiceProvider Services => app.Services;

    /// <summary>Graceful stop: registry set offline, outbox and sync token left consistent, discovery file removed.</summary>
    public async Task StopAsync(CancellationToken ct = default)
    {
        await app.StopAsync(ct);
        File.Delete(discoveryPath);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await app.DisposeAsync();
    }
}
