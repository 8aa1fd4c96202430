using System.Text.Json;
using AgentChat.Bridge.Addressing;
using AgentChat.Bridge.Claude;
using AgentChat.Bridge.Feed;
using AgentChat.Bridge.Options;
using AgentChat.Bridge.Sessions;
using AgentChat.Bridge.Work;
using AgentChat.Configuration;
using AgentChat.Daemon;
using AgentChat.Daemon.Hosting;
using AgentChat.Matrix;
using AgentChat.Messages.Wake;
using AgentChat.Rooms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentChat.Bridge.Hosting;

/// <summary>
/// <c>cchat bridge</c>: a daemon (started in-process through its public <see cref="DaemonHost"/>, registered as a
/// persistent agent with the bridge's description) and, over its gateway, the bridge: the start-up scan, the event
/// stream, the queue and the Claude Code runs.
/// </summary>
public static partial class BridgeHost
{
    public static async Task<int> RunAsync(AgentChatSettings settings, DaemonOptions daemonOptions, BridgeOptions options, CancellationToken ct)
    {
        await using var bridge = await StartAsync(settings, daemonOptions, options, null, ct);
        var lifetime = bridge.Daemon.Services.GetRequiredService<IHostApplicationLifetime>();
        await Task.WhenAny(bridge.Completion, Task.Delay(Timeout.Infinite, lifetime.ApplicationStopping).ContinueWith(_ => { }, TaskScheduler.Default));
        return bridge.Completion is { IsCompletedSuccessfully: true, Result: true } ? 1 : 0;
    }

    public static async Task<RunningBridge> StartAsync(AgentChatSettings settings, DaemonOptions daemonOptions, BridgeOptions options,
        Action<ILoggingBuilder>? logging, CancellationToken ct)
    {
        var time = TimeProvider.System;
        var dir = Path.Combine(settings.StateDirectory, "bridge");
        PrivateFile.CreatePrivateDirectory(dir);
        var workDir = options.WorkDir ?? Path.Combine(dir, "work");
        PrivateFile.CreatePrivateDirectory(workDir);
        var firstStarted = FirstStarted(dir, time);

        daemonOptions.Description = options.Description;
        daemonOptions.Capabilities = [.. daemonOptions.Capabilities, AgentChat.Accounting.AnswerCost.BridgeCapability];
        var daemon = await DaemonHost.StartAsync(settings, daemonOptions, logging, ct);
        var loggers = daemon.Services.GetRequiredService<ILoggerFactory>();
        var log = loggers.CreateLogger("AgentChat.Bridge");
        var http = BridgeGateway.CreateHttp(daemon.Gateway, daemon.Token);
        var matrixHttp = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var resources = new Disposables(http, matrixHttp);
        var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, daemon.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        try
        {
            var gateway = new BridgeGateway(http);
            while (!await gateway.HealthyAsync(ct)) await Task.Delay(TimeSpan.FromMilliseconds(200), time, ct);

            var self = settings.UserIdValue.Value;
            var cchat = options.CchatPath ?? Environment.ProcessPath ?? "cchat";
            var mcp = McpConfigWriter.Write(dir, cchat, daemon.Gateway, daemon.Token, settings.InstanceName, settings.ConfigPath);
            var identity = new BridgeIdentity(self, settings.InstanceName, mcp, workDir);
            var client = new MatrixClient(matrixHttp, settings.HomeserverUri, settings.AccessTokenValue, time: time);
            var sessions = new SessionMap(Path.Combine(dir, "sessions.json"), time);
            if (sessions.LoadProblem is { } problem) LogProblem(log, problem);
            if (!ClaudeExecutable.Exists(options.Claude)) LogNoClaude(log, options.Claude);

            var queue = new WorkQueue(options.Concurrency);
            var ledger = new AnswerLedger(client, self);
            var presence = new BusyPresence(gateway, loggers.CreateLogger<BusyPresence>());
            var worker = new AnswerWorker(options, identity, gateway, new ClaudeRunner(time, loggers.CreateLogger<ClaudeRunner>()), sessions, ledger,
                new TaskFlow(gateway, self, time, loggers.CreateLogger<TaskFlow>()), presence, time, loggers.CreateLogger<AnswerWorker>());
            var gate = new SenderGate(self, options.Allow);
            var floor = Math.Max(firstStarted, (time.GetUtcNow() - options.RecoverWithin).ToUnixTimeMilliseconds());
            var intake = new Intake(new BridgeAddressing(self, settings.InstanceName, gate), queue, ledger,
                new DirectRoomCache(client, settings.UserIdValue, time), self, floor, loggers.CreateLogger<Intake>());

            // The backlog first: what the rooms hold (a restart's unanswered work), then what the daemon buffered.
            await intake.BacklogAsync(await HistoryScan.ReadAsync(client, settings.RoomValue, options.ScanDepth, ct), ct);
            await intake.BacklogAsync((await gateway.PeekBufferAsync(ct)).Messages, ct);
            LogStarted(log, settings.InstanceName, self, queue.Pending, options.Concurrency, options.Claude);

            var stream = new EventStream(http, time, loggers.CreateLogger<EventStream>());
            var dispatcher = new Dispatcher(queue, worker, presence, time, loggers.CreateLogger<Dispatcher>());
            var loops = BridgeLoops.SuperviseAsync([("event stream", stream.RunAsync(intake.LiveAsync, stop.Token)), ("dispatcher", dispatcher.RunAsync(stop.Token))], stop, log);
            return new RunningBridge(daemon, loops, stop, resources);
        }
        catch
        {
            await daemon.DisposeAsync();
            await resources.DisposeAsync();
            stop.Dispose();
            throw;
        }
    }

    /// <summary>When this bridge first started (kept in <c>state.json</c>): nothing older is ever answered.</summary>
    private static long FirstStarted(string dir, TimeProvider time)
    {
        var path = Path.Combine(dir, "state.json");
        try
        {
            if (File.Exists(path) && JsonSerializer.Deserialize(File.ReadAllBytes(path), BridgeJsonContext.Default.BridgeState) is { FirstStartedMs: > 0 } s)
                return s.FirstStartedMs;
        }
        catch (JsonException)
        {
            // unreadable: start the clock again
        }
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        PrivateFile.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(new BridgeState(now), BridgeJsonContext.Default.BridgeState));
        return now;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "bridge {Instance} ({UserId}) serving: {Pending} waiting from before the start, {Concurrency} at a time, claude = {Claude}")]
    private static partial void LogStarted(ILogger logger, string instance, string userId, int pending, int concurrency, string claude);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Problem}")]
    private static partial void LogProblem(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claude Code is not found as '{Claude}': every answer will say so until it is installed or --claude / AGENTCHAT_BRIDGE_CLAUDE points at it")]
    private static partial void LogNoClaude(ILogger logger, string claude);
}
