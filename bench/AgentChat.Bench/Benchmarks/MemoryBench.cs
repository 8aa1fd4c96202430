using System.Diagnostics;
using AgentChat.Bench.Infra;
using AgentChat.Messages;

namespace AgentChat.Bench.Benchmarks;

/// <summary>
/// 6. Memory of a fresh daemon C: VmRSS idle (10 samples over 3 s after it is healthy), then under 10,000
/// messages through it — a quarter sent by 4 clients through its gateway, the rest by 12 raw senders, all arriving back
/// through its /sync, while one reader follows /read?wait. "Flat" compares the last fifth of the messages with the
/// first fifth (the heap has grown to its working size by then). Bounded in time as well as count: when
/// Synapse cannot take 10,000 messages within the budget, the figures say how many went through.
/// </summary>
internal static class MemoryBench
{
    public static async Task RunAsync(BenchEnvironment env, ResultTable table, CancellationToken ct)
    {
        var total = env.Options.Reps(10_000, 2_000);
        var sampleEvery = total / 40; // 250 in the full run: enough samples in each fifth, even when the time cap stops it early
        var account = await env.RegisterAsync("bench-mem", ct);
        var c = await env.StartDaemonAsync(account, "mem", ct);
        await Task.Delay(2000, ct);
        var idle = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            idle.Add(c.RssMb());
            await Task.Delay(300, ct);
        }

        var sent = 0;
        var samples = new List<(int Sent, double Rss)>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reader = FollowAsync(c, stop.Token);
        var sampler = Task.Run(async () =>
        {
            var next = sampleEvery;
            while (!stop.IsCancellationRequested)
            {
                if (Volatile.Read(ref sent) >= next)
                {
                    lock (samples) samples.Add((Volatile.Read(ref sent), c.RssMb()));
                    next += sampleEvery;
                }
                await Task.Delay(20, CancellationToken.None);
            }
        }, CancellationToken.None);

        var senders = 16;
        var each = total / senders;
        var budget = Stopwatch.StartNew();
        var limit = env.Options.Quick ? TimeSpan.FromSeconds(60) : TimeSpan.FromMinutes(5);
        await Task.WhenAll(Enumerable.Range(0, senders).Select(s => Task.Run(async () =>
        {
            for (var i = 0; i < each && budget.Elapsed < limit; i++)
            {
                var text = $"mem-{s}-{i} " + new string('x', 200);
                if (s % 4 == 0) await GatewayCalls.SendAsync(c.Http, GatewayCalls.SendBody(text), ct);
                else await env.Raw.SendAsync(env.RA.Token, env.RoomId, MessageComposer.Compose(new OutgoingMessage { Text = text, Instance = env.RA.Localpart }), ct);
                Interlocked.Increment(ref sent);
            }
        }, ct)));
        await Task.Delay(1500, ct); // the last messages arrive through /sync
        var final = c.RssMb();
        await stop.CancelAsync();
        await sampler;
        var readCount = await reader;
        var through = Volatile.Read(ref sent);
        var rate = through / budget.Elapsed.TotalSeconds;
        total = through;

        var idleS = Stats.Of(idle);
        var first = Stats.Of(samples.Where(x => x.Sent <= total / 5).Select(x => x.Rss).ToList());
        var last = Stats.Of(samples.Where(x => x.Sent > total - total / 5).Select(x => x.Rss).Append(final).ToList());
        table.Add(new Row("6a. daemon RSS idle", ResultTable.Mb(idleS), "target", "40 MB", ResultTable.X(idleS.P50 / 40), "≤ 40 MB", ResultTable.Met(idleS.P90 <= 40)));
        table.Add(new Row($"6b. daemon RSS, last {total / 5:N0} of {total:N0} messages", ResultTable.Mb(last), $"same daemon, first {total / 5:N0} messages",
            ResultTable.Mb(first), ResultTable.X(last.P50 / first.P50), "flat: ≤ 1.10× the first", ResultTable.Met(last.P50 / first.P50 <= 1.10)));
        table.Note($"RSS of daemon C every {sampleEvery} messages (MB): " + string.Join(", ", samples.Select(x => ResultTable.F("{0}:{1:0.0}", x.Sent, x.Rss)))
                   + ResultTable.F("; after the run {0:0.0} MB; {1:N0} messages went through in {2:0} s ({3:0.0} msg/s, Synapse-bound); its /read?wait follower received {4:N0}",
                       final, through, budget.Elapsed.TotalSeconds, rate, readCount));
    }

    /// <summary>A client following the daemon: /read?wait in a loop, as an agent would.</summary>
    private static async Task<int> FollowAsync(DaemonProcess d, CancellationToken ct)
    {
        var count = 0;
        try
        {
            var cursor = await GatewayCalls.LatestAsync(d.Http, ct);
            while (!ct.IsCancellationRequested)
            {
                var (body, next) = await GatewayCalls.ReadAsync(d.Http, cursor, 5, 100, ct);
                count += System.Text.RegularExpressions.Regex.Count(System.Text.Encoding.UTF8.GetString(body), "\"cursor\"");
                cursor = next;
            }
        }
        catch (OperationCanceledException)
        {
        }
        return count;
    }
}
