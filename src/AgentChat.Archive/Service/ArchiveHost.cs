using AgentChat.Archive.Api;
using AgentChat.Archive.Costs;
using AgentChat.Archive.Store;
using AgentChat.Configuration;
using AgentChat.Hosting.Gateway;
using AgentChat.Hosting.Metrics;
using AgentChat.Hosting.Registry;
using AgentChat.Hosting.Rooms;
using AgentChat.Hosting.Sync;
using AgentChat.Hosting.Web;
using AgentChat.Matrix;
using AgentChat.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentChat.Archive.Service;

/// <summary>Starts the archive: the ingest loop into PostgreSQL and the history API, for one reading account.</summary>
public static class ArchiveHost
{
    /// <summary>Where archives publish their URL and token: a folder of its own, so daemon discovery never mistakes one for a daemon.</summary>
    public static string DiscoveryDirectory(string daemonDiscoveryDirectory) => Path.Combine(daemonDiscoveryDirectory, "archive");

    public static async Task<int> RunAsync(AgentChatSettings settings, ArchiveOptions options, CancellationToken ct)
    {
        await using var archive = await StartAsync(settings, options, null, ct);
        await archive.App.WaitForShutdownAsync(ct);
        return LoopbackHost.ExitCode(archive.App);
    }

    public static async Task<RunningArchive> StartAsync(AgentChatSettings settings, ArchiveOptions options, Action<ILoggingBuilder>? logging, CancellationToken ct)
    {
        var identity = new ArchiveIdentity(settings.UserIdValue, settings.InstanceName, settings.RoomValue);
        var listener = new Listener("the archive", options.Bind, options.Port, "pick another port with --port or AGENTCHAT_ARCHIVE_PORT");
        var builder = LoopbackHost.CreateBuilder(listener, logging, "Npgsql");

        var s = builder.Services;
        var db = ArchiveDatabase.Open(options.ConnectionString);
        s.AddSingleton(db);
        s.AddSingleton(TimeProvider.System);
        s.AddSingleton(options);
        s.AddSingleton(identity);
        s.AddSingleton(new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan });
        s.AddSingleton(sp => new MatrixClient(sp.GetRequiredService<HttpClient>(), settings.HomeserverUri, settings.AccessTokenValue, time: sp.GetRequiredService<TimeProvider>()));
        s.AddSingleton(new InvitePolicy(identity.UserId, settings.AllowedInviters));
        s.AddSingleton(options.Token is { Length: > 0 } fixedToken ? new GatewayToken(fixedToken) : new GatewayToken());
        s.AddSingleton<ArchiveStore>();
        s.AddSingleton<ArchiveStats>();
        s.AddSingleton<ArchiveMetrics>();
        s.AddSingleton(new ScrapeToken(options.MetricsTokenFile));
        s.AddSingleton<FollowedRooms>();
        s.AddSingleton<RegistryState>();
        s.AddSingleton<SyncHealth>();
        // A joined room needs nothing more: the next sync brings it with a gap, which the batch builder backfills.
        s.AddSingleton<InviteJoiner>();
        s.AddSingleton<ArchiveBatchBuilder>();
        s.AddSingleton<HistorySearch>();
        s.AddSingleton<CostSearch>();
        s.AddSingleton<GatewayAuth>();
        s.AddSingleton<GatewayErrors>();
        s.AddHostedService<ArchiveSync>();

        var app = builder.Build();
        app.UseMiddleware<GatewayErrors>();
        app.UseMiddleware<GatewayAuth>();
        app.MapHistory();
        app.MapCosts();
        app.MapGet("/metrics", (ArchiveMetrics metrics) => TypedResults.Text(metrics.Registry.Render(), MetricRegistry.ContentType));
        var url = await LoopbackHost.StartAsync(app, listener, ct);

        var token = app.Services.GetRequiredService<GatewayToken>();
        DiscoveryPublisher.Publish(app, DiscoveryDirectory(settings.DiscoveryDirectory), identity.Instance, identity.UserId.Value, url, token.Value);
        return new RunningArchive(app, url, token.Value, app.Services.GetRequiredService<ArchiveStats>());
    }
}
