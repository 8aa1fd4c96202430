using AgentChat.Bridge.Hosting;
using AgentChat.Tests.Bridge.EndToEnd;

namespace AgentChat.Tests.Bridge;

public sealed class BridgeLoopsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static async Task UntilStopped(CancellationToken ct) => await Task.Delay(Timeout.Infinite, ct);

    [Fact]
    public async Task A_loop_that_fails_stops_the_others_and_says_so()
    {
        using var stop = new CancellationTokenSource();
        var log = new CapturedLog();
        var failing = Task.Run(async () => { await Task.Delay(50); throw new InvalidOperationException("presence refused"); });

        var failed = await BridgeLoops.SuperviseAsync([("event stream", UntilStopped(stop.Token)), ("dispatcher", failing)], stop, log.CreateLogger("bridge")).WaitAsync(Bound);

        Assert.True(failed);
        Assert.True(stop.IsCancellationRequested);
        var line = Assert.Single(Lines(log));
        Assert.Contains("dispatcher", line);
        Assert.Contains("presence refused", line);
    }

    [Fact]
    public async Task A_loop_that_returns_early_is_a_failure_too()
    {
        using var stop = new CancellationTokenSource();
        var log = new CapturedLog();

        var failed = await BridgeLoops.SuperviseAsync([("event stream", Task.CompletedTask), ("dispatcher", UntilStopped(stop.Token))], stop, log.CreateLogger("bridge")).WaitAsync(Bound);

        Assert.True(failed);
        Assert.Contains("event stream", Assert.Single(Lines(log)));
    }

    [Fact]
    public async Task A_stop_that_was_asked_is_not_a_failure()
    {
        using var stop = new CancellationTokenSource();
        var log = new CapturedLog();
        var supervised = BridgeLoops.SuperviseAsync([("event stream", UntilStopped(stop.Token)), ("dispatcher", UntilStopped(stop.Token))], stop, log.CreateLogger("bridge"));

        await stop.CancelAsync();

        Assert.False(await supervised.WaitAsync(Bound));
        Assert.Empty(Lines(log));
    }

    private static string[] Lines(CapturedLog log) => log.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
