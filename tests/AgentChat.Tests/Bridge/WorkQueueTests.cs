using AgentChat.Bridge.Work;
using static AgentChat.Tests.Bridge.BridgeMessages;

namespace AgentChat.Tests.Bridge;

public sealed class WorkQueueTests
{
    private static WorkItem Item(string id, string? thread = null) => new(Make("!claude x", id: id, thread: thread), "x");

    [Fact]
    public void Items_come_out_in_order_within_the_concurrency_limit()
    {
        var q = new WorkQueue(concurrency: 2);
        foreach (var i in Enumerable.Range(1, 5)) Assert.True(q.Enqueue(Item($"$m{i}")));
        var a = q.TryTake()!;
        var b = q.TryTake()!;
        Assert.Null(q.TryTake());
        Assert.Equal(["$m1", "$m2"], new[] { a.Id, b.Id });
        Assert.Equal(2, q.Running);
        q.Complete(b);
        Assert.Equal("$m3", q.TryTake()!.Id);
        Assert.Null(q.TryTake());
    }

    [Fact]
    public void One_thread_is_answered_one_message_at_a_time_and_others_overtake()
    {
        var q = new WorkQueue(concurrency: 3);
        q.Enqueue(Item("$root"));
        q.Enqueue(Item("$follow", thread: "$root"));
        q.Enqueue(Item("$other"));
        var first = q.TryTake()!;
        Assert.Equal("$root", first.Id);
        Assert.Equal("$other", q.TryTake()!.Id); // the follow-up waits for its thread
        Assert.Null(q.TryTake());
        Assert.True(q.Holds("$root"));
        q.Complete(first);
        Assert.Equal("$follow", q.TryTake()!.Id);
    }

    [Fact]
    public void A_message_is_taken_once_however_often_it_arrives()
    {
        var q = new WorkQueue(concurrency: 1);
        Assert.True(q.Enqueue(Item("$dup")));
        Assert.False(q.Enqueue(Item("$dup")));
        var item = q.TryTake()!;
        q.Complete(item);
        Assert.False(q.Enqueue(Item("$dup")));
        Assert.Null(q.TryTake());
    }

    [Fact]
    public async Task A_burst_of_twenty_is_run_in_order_each_once_never_above_the_limit()
    {
        var q = new WorkQueue(concurrency: 3);
        var started = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var running = 0;
        var peak = 0;
        for (var i = 0; i < 20; i++) q.Enqueue(Item($"$b{i:00}"));
        var tasks = new List<Task>();
        while (started.Count < 20)
        {
            var changed = q.Changed;
            while (q.TryTake() is { } item)
            {
                started.Enqueue(item.Id);
                var now = Interlocked.Increment(ref running);
                peak = Math.Max(peak, now);
                tasks.Add(Task.Run(async () =>
                {
                    await Task.Delay(Random.Shared.Next(1, 10));
                    Interlocked.Decrement(ref running);
                    q.Complete(item);
                }));
            }
            if (started.Count < 20) await changed.WaitAsync(TimeSpan.FromSeconds(10));
        }
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"$b{i:00}"), started);
        Assert.InRange(peak, 1, 3);
        Assert.Equal(0, q.Pending);
        Assert.Equal(0, q.Running);
    }
}
