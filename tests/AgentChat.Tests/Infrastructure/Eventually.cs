namespace AgentChat.Tests.Infrastructure;

internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds, failing with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task<T> WaitAsync<T>(Func<Task<T?>> condition, TimeSpan timeout, string what) where T : class
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            if (await condition() is { } value) return value;
            try { await Task.Delay(100, cts.Token); }
            catch (OperationCanceledException) { throw new TimeoutException($"timed out after {timeout}: {what}"); }
        }
    }
}
