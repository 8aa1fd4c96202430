using AgentChat.Bench.Infra;

namespace AgentChat.Bench.Benchmarks;

/// <summary>
/// Issue #25 §4: <c>cchat send</c> (a new process, B's, through B's daemon, <c>--to</c> the agent) → the message inside
/// a request the real Claude Code makes to the model (the stand-in records when each request's body had arrived). The
/// agent C runs the pinned Claude Code with the channel and the hooks set up as docs/claude-code.md says.
/// (a) idle interactive session (tmux), woken by the channel; (c) the same session busy on a typed prompt while k
/// messages arrive, until one request holds them all; (b) <c>claude -p</c> with the hooks only: a message that arrives
/// during a turn, handed over by the Stop hook. Baseline in the same run: RA's raw PUT /send → RB's raw /sync (for (c),
/// k PUTs → the /sync that returned all k). (a) and (c) alternate with their baseline sample by sample; (b) in blocks
/// (one <c>claude -p</c> gives three samples, then three baseline samples). Each delivery is also counted: a message
/// that reaches the model in more than one request was delivered twice.
/// </summary>
internal static class ClaudeCodeBench
{
    private const int Batch = 3;
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(1500);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(BenchEnvironment env, ResultTable table, CancellationToken ct)
    {
        var n = env.Options.Reps(12, 6);
        await using var model = await StandInModel.StartAsync(ct);
        await using var proxy = new RefusingProxy();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var baseline = await RawSyncBaseline.StartAsync(env, ct);

        await using (var agent = await ClaudeAgent.CreateAsync(env, model, "claude", ct))
        {
            try
            {
                await agent.StartInteractiveAsync(proxy.Url, ["--dangerously-load-development-channels", "server:cchat"], ct);
                await agent.WaitForScreenAsync("I am using this for local development", Wait, ct);
                await agent.PressAsync("Enter", ct);
                await agent.WaitForLogAsync("Channel notifications registered", Wait, ct);
                await model.WaitQuietAsync(Quiet, Wait, ct);
                await IdleAsync(env, table, agent, baseline, n, tag, ct);
                await BusyAsync(env, table, agent, baseline, n, tag, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                table.Failed("25a/25c. Claude Code interactive session (channel + hooks)", $"{e.GetType().Name}: {e.Message}");
            }
            finally
            {
                model.OnMain = null;
            }
        }

        await using (var agent = await ClaudeAgent.CreateAsync(env, model, "claudep", ct))
        {
            try
            {
                await StopHookAsync(env, table, agent, baseline, n, tag, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                table.Failed("25b. Claude Code at Stop (hook)", $"{e.GetType().Name}: {e.Message}");
            }
        }
    }

    /// <summary>(a): the session idle at its prompt; one message; the first request holding it.</summary>
    private static async Task IdleAsync(BenchEnvironment env, ResultTable table, ClaudeAgent agent, RawSyncBaseline baseline, int n, string tag, CancellationToken ct)
    {
        var model = agent.Model;
        var markers = new List<string>();
        var (m, ms, r, rs) = await Alternating.SampleAsync(2 * n, async i =>
        {
            await model.WaitQuietAsync(Quiet, Wait, ct);
            await agent.MarkAllReadAsync(ct); // the model has read what came before (it would call read)
            var marker = $"idle{i}x{tag}";
            markers.Add(marker);
            var t0 = Clock.Now;
            var send = await ProcessTimer.RunMsAsync(env.Options.Cchat, ["send", "--to", agent.Account.Localpart, marker], env.DaemonB.Env, ct);
            var call = await model.WaitForAsync([marker], Wait, ct);
            return ((call.At - t0).TotalMilliseconds, send);
        }, i => baseline.SampleAsync($"idle-raw-{i}-{Guid.NewGuid():N}", ct));
        await model.WaitQuietAsync(Quiet, Wait, ct);
        var ratio = m.P50 / r.P50;
        table.Add(new Row("25a. `cchat send` → Claude Code request, idle session, channel (interactive)", ResultTable.Ms(m),
            "raw PUT /send → raw /sync long-poll", ResultTable.Ms(r), ResultTable.X(ratio), "—", "—"));
        table.Note(ResultTable.F("25a (n={0}): `cchat send` (a new process) took {1}, the raw PUT {2}; after the send returned, the message reached the model in {3:0} ms, " +
            "the raw /sync in {4:0} ms (p50 of total − p50 of send); how the first request got it: {5}; {6}",
            m.N, ResultTable.Ms(ms), ResultTable.Ms(rs), m.P50 - ms.P50, r.P50 - rs.P50, Paths(model, markers), Duplicates(model, markers)));
    }

    /// <summary>(c): a typed prompt; while the model works on it, k messages arrive (each sent, then held by the daemon);
    /// the model ends its turn; the first request holding all k.</summary>
    private static async Task BusyAsync(BenchEnvironment env, ResultTable table, ClaudeAgent agent, RawSyncBaseline baseline, int n, string tag, CancellationToken ct)
    {
        var model = agent.Model;
        var all = new List<string>();
        var afterTurn = new List<double>();
        var (m, ms, r, _) = await Alternating.SampleAsync(2 * n, async i =>
        {
            await model.WaitQuietAsync(Quiet, Wait, ct);
            await agent.MarkAllReadAsync(ct);
            var markers = Enumerable.Range(0, Batch).Select(k => $"busy{i}m{k}x{tag}").ToList();
            all.AddRange(markers);
            var prompt = $"work{i}x{tag}";
            TimeSpan t0 = default, turnEnd = default;
            var sends = 0.0;
            model.OnMain = async call =>
            {
                if (!call.LastUser.Contains(prompt, StringComparison.Ordinal)) return "Done.";
                model.OnMain = null;
                t0 = Clock.Now;
                foreach (var marker in markers)
                    sends += await ProcessTimer.RunMsAsync(env.Options.Cchat, ["send", "--to", agent.Account.Localpart, marker], env.DaemonB.Env, ct);
                foreach (var marker in markers) await agent.WaitHeldAsync(marker, ct);
                turnEnd = Clock.Now;
                return "worked on it";
            };
            await agent.TypeAsync(prompt, ct);
            var call = await model.WaitForAsync(markers, Wait, ct); // a batch split over requests never matches: the row fails, saying so
            afterTurn.Add((call.At - turnEnd).TotalMilliseconds);
            return ((call.At - t0).TotalMilliseconds, sends);
        }, async i => (await baseline.SampleBatchAsync([.. Enumerable.Range(0, Batch).Select(k => $"busy-raw-{i}-{k}-{Guid.NewGuid():N}")], ct), 0));
        await model.WaitQuietAsync(Quiet, Wait, ct);
        var ratio = m.P50 / r.P50;
        table.Add(new Row($"25c. {Batch}× `cchat send` while busy → one Claude Code request holding all {Batch} (interactive, channel + hooks)", ResultTable.Ms(m),
            $"{Batch} raw PUT /send → the raw /sync that returned all {Batch}", ResultTable.Ms(r), ResultTable.X(ratio), "—", "—"));
        table.Note(ResultTable.F("25c (n={0}): the {1} `cchat send` processes took {2} together; from the end of the model's turn to the request holding the batch {3}; " +
            "how the batch came: {4}; {5}",
            m.N, Batch, ResultTable.Ms(ms), ResultTable.Ms(Stats.Of(afterTurn.Skip(2).ToList())), Paths(model, all), Duplicates(model, all)));
    }

    /// <summary>(b): <c>claude -p</c>, hooks only; in each of three turns a message arrives and the model ends the turn;
    /// the Stop hook blocks and Claude Code sends one more request holding it.</summary>
    private static async Task StopHookAsync(BenchEnvironment env, ResultTable table, ClaudeAgent agent, RawSyncBaseline baseline, int n, string tag, CancellationToken ct)
    {
        var model = agent.Model;
        var total = new List<double>();
        var afterTurn = new List<double>();
        var send = new List<double>();
        var raw = new List<double>();
        var markers = new List<string>();
        var runs = (n + 2) / 3 + 1; // the first run warms up
        for (var run = 0; run < runs; run++)
        {
            await agent.MarkAllReadAsync(ct);
            var turns = new List<(string Marker, TimeSpan T0, TimeSpan TurnEnd, double Send)>();
            var prompt = $"task{run}x{tag}";
            model.OnMain = async call =>
            {
                if (turns.Count >= 3 || !call.Raw.Contains(prompt, StringComparison.Ordinal)) return "Done.";
                var marker = $"stop{run}t{turns.Count}x{tag}";
                var t0 = Clock.Now;
                var s = await ProcessTimer.RunMsAsync(env.Options.Cchat, ["send", "--to", agent.Account.Localpart, marker], env.DaemonB.Env, ct);
                await agent.WaitHeldAsync(marker, ct);
                turns.Add((marker, t0, Clock.Now, s));
                return "turn done";
            };
            var exit = await agent.PrintAsync(prompt, TimeSpan.FromMinutes(3), ct);
            model.OnMain = null;
            if (exit != 0) throw new InvalidOperationException($"claude -p exited {exit}");
            foreach (var (marker, t0, turnEnd, s) in turns)
            {
                markers.Add(marker);
                if (run == 0) continue;
                var call = await model.WaitForAsync([marker], TimeSpan.FromSeconds(5), ct);
                total.Add((call.At - t0).TotalMilliseconds);
                afterTurn.Add((call.At - turnEnd).TotalMilliseconds);
                send.Add(s);
            }
            for (var k = 0; k < turns.Count; k++)
            {
                var (t, _) = await baseline.SampleAsync($"stop-raw-{run}-{k}-{Guid.NewGuid():N}", ct);
                if (run > 0) raw.Add(t);
            }
        }
        var (m, r) = (Stats.Of(total), Stats.Of(raw));
        var ratio = m.P50 / r.P50;
        table.Add(new Row("25b. `cchat send` during a turn → Claude Code request after Stop (hook, `claude -p`)", ResultTable.Ms(m),
            "raw PUT /send → raw /sync long-poll", ResultTable.Ms(r), ResultTable.X(ratio), "—", "—"));
        table.Note(ResultTable.F("25b (n={0}, {1} runs of `claude -p` after a warm-up run, 3 messages each, baseline in blocks of 3 after each run): " +
            "`cchat send` took {2}; from the end of the model's turn (the message held by the daemon) to the request holding it {3} (Claude Code runs the Stop hook, `cchat hook stop` asks the daemon, Claude Code sends the request); how it came: {4}; {5}",
            m.N, runs - 1, ResultTable.Ms(Stats.Of(send)), ResultTable.Ms(Stats.Of(afterTurn)), Paths(model, markers), Duplicates(model, markers)));
    }

    /// <summary>Which wake path put each marker into its first request: the channel, the Stop hook, or the prompt hook.</summary>
    private static string Paths(StandInModel model, IReadOnlyList<string> markers)
    {
        var paths = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var marker in markers)
        {
            var first = model.Calls.FirstOrDefault(c => c.Main && c.LastUser.Contains(marker, StringComparison.Ordinal));
            var path = first is null ? "never"
                : first.LastUser.Contains("<channel source", StringComparison.Ordinal) ? "channel push"
                : first.LastUser.Contains("before you stop", StringComparison.Ordinal) ? "Stop hook"
                : first.LastUser.Contains("addressed to you arrived", StringComparison.Ordinal) ? "prompt hook"
                : "other";
            paths[path] = paths.GetValueOrDefault(path) + 1;
        }
        return string.Join(", ", paths.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}"));
    }

    /// <summary>How many markers reached the model as new input (a request's last user turn) more than once.</summary>
    private static string Duplicates(StandInModel model, IReadOnlyList<string> markers)
    {
        var twice = markers.Select(m => (Marker: m, Times: model.Calls.Count(c => c.Main && c.LastUser.Contains(m, StringComparison.Ordinal))))
            .Where(x => x.Times > 1).ToList();
        if (twice.Count == 0) return ResultTable.F("each of the {0} messages reached the model in one request only (no double delivery)", markers.Count);
        var how = twice.Select(x => string.Join(" then ", model.Calls.Where(c => c.Main && c.LastUser.Contains(x.Marker, StringComparison.Ordinal))
            .Select(c => c.LastUser.Contains("<channel source", StringComparison.Ordinal) ? "channel" : c.LastUser.Contains("before you stop", StringComparison.Ordinal) ? "Stop hook" : "other")))
            .GroupBy(s => s).Select(g => $"{g.Key} ×{g.Count()}");
        return ResultTable.F("**{0} of {1} messages reached the model twice** (as new input in two requests: {2})", twice.Count, markers.Count, string.Join("; ", how));
    }
}
