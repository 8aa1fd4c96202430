namespace AgentChat.Bridge.Hosting;

/// <summary>What the bridge owns besides its daemon, disposed together.</summary>
internal sealed class Disposables(params IDisposable[] items) : IAsyncDisposable
{
    public ValueTask DisposeAsync()
    {
        foreach (var item in items) item.Dispose();
        return ValueTask.CompletedTask;
    }
}
