using Microsoft.Extensions.Logging;

namespace AgentChat.Bridge.Work;

/// <summary>
/// Takes work from the queue as slots free up and runs each answer on its own; one answer that fails unexpectedly
/// is logged and the others go on. Says busy again every <see cref="BusyPresence.RefreshEvery"/> while runs last.
/// On shutdown the runs' processes are killed and their messages stay unanswered for the next start.
/// </summary>
internal sealed partial class Dispatcher(WorkQueue queue, AnswerWorker worker, BusyPresence presence, TimeProvider time, ILogger<Dispatcher> logger)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var running = new List<Task>();
        try
        {
            while (true)
            {
                var changed = queue.Changed; // taken before looking, so nothing enqueued in between is missed
                while (queue.TryTake() is { } item) running.Add(RunOneAsync(item, ct));
                running.RemoveAll(t => t.IsCompleted);
                try
                {
                    await changed.WaitAsync(BusyPresence.RefreshEvery, time, ct);
                }
                catch (TimeoutException)
                {
                    await presence.RefreshAsync(ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            await Task.WhenAll(running);
        }
    }

    private async Task RunOneAsync(WorkItem item, CancellationToken ct)
    {
        await Task.Yield();
        try
        {
            await worker.AnswerAsync(item, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            LogLeftForRestart(logger, item.Id);
        }
        catch (Exception e) when (e is not OutOfMemoryException) // one answer's failure must not stop the others
        {
            LogRunFailed(logger, item.Id, e.GetType().Name, e.Message);
        }
        finally
        {
            queue.Complete(item);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Source}: stopped by shutdown; it is answered after the next start")]
    private static partial void LogLeftForRestart(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Source}: answering failed ({Type}: {Reason}); the bridge goes on with the others")]
    private static partial void LogRunFailed(ILogger logger, string source, string type, string reason);
}
