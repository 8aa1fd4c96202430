using System.Net;
using AgentChat.Archive.Api;
using AgentChat.Archive.Store;
using AgentChat.Configuration;
using AgentChat.Daemon.Gateway;
using AgentChat.Daemon.Metrics;
using AgentChat.Daemon.Registry;
using AgentChat.Daemon.Rooms;
using AgentChat.Daemon.Sync;
using AgentChat.Matrix;
using AgentChat.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
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
        return archive.App.Services.GetServices<IHostedService>().OfType<BackgroundService>().Any(s => s.ExecuteTask is { IsFaulted: true }) ? 1 : 0;
    }

    public static async Task<RunningArchive> StartAsync(AgentChatSettings settings, ArchiveOptions options, Action<ILoggingBuilder>? logging, CancellationToken ct)
    {
        var identity = new ArchiveIdentity(settings.UserIdValue, settings.InstanceName, settings.RoomValue);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);
        builder.Logging.AddFilter("Npgsql", LogLevel.Warning);
        logging?.Invoke(builder.Logging);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<HostOptions>(o =>
        {
            o.ShutdownTimeout = TimeSpan.FromSeconds(8);
            o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost;
        });
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Parse(options.Bind), options.Port);
            k.AddServerHeader = false;
        });

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
        s.AddSingleton<ArchiveInvites>();
        s.AddSingleton<ArchiveBatchBuilder>();
        s.AddSingleton<HistorySearch>();
        s.AddSingleton<GatewayAuth>();
        s.AddSingleton<GatewayErrors>();
        s.AddHostedService<ArchiveSync>();

        var app = builder.Build();
        app.UseMiddleware<GatewayErrors>();
        app.UseMiddleware<GatewayAuth>();
        app.MapHistory();
        app.MapGet("/metrics", (ArchiveMetrics metrics) => TypedResults.Text(metrics.Registry.Render(), MetricRegistry.ContentType));
        try
        {
            await app.StartAsync(ct);
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            throw new SettingsException($"the archive cannot listen on {options.Bind}:{options.Port} ({e.Message}): pick another port with --port or AGENTCHAT_ARCHIVE_PORT");
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var url = new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "[::1]", StringComparison.Ordinal));
        var token = app.Services.GetRequiredService<GatewayToken>();
        var dir = DiscoveryDirectory(settings.DiscoveryDirectory);
        PrivateFile.CreatePrivateDirectory(dir);
        var discoveryPath = DiscoveryFile.PathFor(dir, identity.Instance);
        new DiscoveryFile(identity.Instance, identity.UserId.Value, url.ToString().TrimEnd('/'), token.Value, Environment.ProcessId).Write(discoveryPath);
        app.Lifetime.ApplicationStopped.Register(() => File.Delete(discoveryPath));
        return new RunningArchive(app, url, token.Value, app.Services.GetRequiredService<ArchiveStats>());
    }
}
