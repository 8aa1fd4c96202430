using Microsoft.Extensions.Logging;

namespace AgentChat.Bridge.Hosting;

/// <summary>
/// The bridge's loops (event stream, dispatcher) run until stop is asked. One that ends on its own (a fault
/// outside any one message) stops the others, so the bridge exits non-zero and its supervisor restarts it,
/// instead of staying registered and wakeable while nothing answers.
/// </summary>
internal static partial class BridgeLoops
{
    /// <returns>True when a loop ended before stop was asked.</returns>
    public static async Task<bool> SuperviseAsync(IReadOnlyList<(string Name, Task Loop)> loops, CancellationTokenSource stop, ILogger log)
    {
        var first = await Task.WhenAny(loops.Select(l => l.Loop));
        var failed = !stop.IsCancellationRequested;
        if (failed)
        {
            var name = loops.First(l => l.Loop == first).Name;
            LogLoopEnded(log, name, first.Exception?.GetBaseException() is { } e ? $"{e.GetType().Name}: {e.Message}" : "it returned");
            await stop.CancelAsync();
        }
        foreach (var (name, loop) in loops)
        {
            try
            {
                await loop;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                if (failed || e is OperationCanceledException) continue; // already said, or the stop itself
                failed = true;
                LogLoopEnded(log, name, $"{e.GetType().Name}: {e.Message}");
            }
        }
        return failed;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "the bridge's {Loop} loop ended ({Reason}); stopping the bridge so that it is restarted")]
    private static partial void LogLoopEnded(ILogger logger, string loop, string reason);
}
