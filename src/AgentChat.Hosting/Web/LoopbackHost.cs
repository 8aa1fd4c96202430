using System.Net;
using AgentChat.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace AgentChat.Hosting.Web;

/// <summary>
/// The web host both the daemon and the archive run: a slim <see cref="WebApplication"/> with one-line logs on
/// stderr (stdout may belong to a protocol), framework noise at Warning, a bounded graceful stop, a background
/// loop that faults stopping the host, and Kestrel on exactly the configured address.
/// </summary>
public static class LoopbackHost
{
    private static readonly string[] NoisyCategories = ["Microsoft.AspNetCore", "Microsoft.Hosting", "System.Net.Http"];

    /// <param name="logging">the caller's last word on logging (tests capture the log here)</param>
    /// <param name="quietCategories">more log categories held at Warning, beyond the framework's</param>
    public static WebApplicationBuilder CreateBuilder(Listener listener, Action<ILoggingBuilder>? logging, params string[] quietCategories)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        foreach (var category in NoisyCategories.Concat(quietCategories)) builder.Logging.AddFilter(category, LogLevel.Warning);
        logging?.Invoke(builder.Logging);
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<HostOptions>(o =>
        {
            o.ShutdownTimeout = TimeSpan.FromSeconds(8);
            o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost;
        });
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Parse(listener.Bind), listener.Port);
            if (listener.MaxRequestBodyBytes is { } max) k.Limits.MaxRequestBodySize = max;
            k.AddServerHeader = false;
        });
        return builder;
    }

    /// <summary>
    /// Starts <paramref name="app"/> and returns the URL a local client reaches it at (a wildcard bind read as loopback).
    /// A port that cannot be had is a <see cref="SettingsException"/> naming the fix; the app is disposed.
    /// </summary>
    public static async Task<Uri> StartAsync(WebApplication app, Listener listener, CancellationToken ct)
    {
        try
        {
            await app.StartAsync(ct);
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            throw new SettingsException($"{listener.Name} cannot listen on {listener.Bind}:{listener.Port} ({e.Message}): {listener.Hint}");
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "[::1]", StringComparison.Ordinal));
    }

    /// <summary>
    /// The process exit code once <paramref name="app"/> has stopped: 1 when a background loop died (it stopped the
    /// host), so systemd's <c>Restart=on-failure</c> brings it back; 0 for a requested stop.
    /// </summary>
    public static int ExitCode(WebApplication app) =>
        app.Services.GetServices<IHostedService>().OfType<BackgroundService>().Any(s => s.ExecuteTask is { IsFaulted: true }) ? 1 : 0;
}
