using AgentChat.Configuration;
using AgentChat.Hosting.Rooms;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentChat.Daemon.Rooms;

/// <summary>
/// Follows <c>allowed_inviters</c> in the config file while the daemon runs (unless AGENTCHAT_ALLOWED_INVITERS,
/// which wins, is set): when the list changes, the invites left pending are judged again, so a room allowed later is joined.
/// </summary>
internal sealed partial class AllowListWatcher(AgentChatSettings settings, InvitePolicy policy, InviteJoiner invites, TimeProvider time,
    ILogger<AllowListWatcher> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.Environment("AGENTCHAT_ALLOWED_INVITERS") is { Length: > 0 }) return;
        var revisit = false;
        string? lastProblem = null;
        try
        {
            using var timer = new PeriodicTimer(Interval, time);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var allowed = ConfigFile.Load(settings.ConfigPath).AllowedInviters ?? [];
                    lastProblem = null;
                    if (policy.Update(allowed))
                    {
                        LogChanged(logger, allowed.Count == 0 ? "(own homeserver only)" : string.Join(", ", allowed));
                        revisit = true;
                    }
                }
                catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
                {
                    if (lastProblem != e.Message) LogUnreadable(logger, lastProblem = e.Message);
                }
                if (!revisit) continue;
                try
                {
                    await invites.RevisitPendingAsync(stoppingToken);
                    revisit = false;
                }
                catch (Matrix.MatrixException e)
                {
                    LogRevisitFailed(logger, e.Message); // tried again on the next tick
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "allowed inviters changed to {Allowed}: looking at pending invites again")]
    private static partial void LogChanged(ILogger logger, string allowed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "cannot read allowed_inviters from the config file, keeping the list in force: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not look at pending invites again, retrying: {Reason}")]
    private static partial void LogRevisitFailed(ILogger logger, string reason);
}
