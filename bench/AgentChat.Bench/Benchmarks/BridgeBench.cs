using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using AgentChat.Bench.Infra;

namespace AgentChat.Bench.Benchmarks;

/// <summary>
/// Issue #26 §7: the bridge's overhead. A human's <c>!claude PROMPT</c> (raw PUT /send by an account with no agent
/// entry) → the first request the real Claude Code, run by the published <c>cchat bridge</c>, makes to the stand-in model
/// holding the prompt. Baseline in the same run, alternating: the same <c>claude -p</c> command line the bridge runs
/// (stream-json, the bridge's mcp.json, its tools and permission mode, the prompt on stdin, the same environment and
/// working directory) started directly with the same prompt → its first request. Each bridge sample waits at most
/// <see cref="Wait"/>; a message that never reaches the model is counted as a miss, not timed.
/// </summary>
internal static class BridgeBench
{
    private const string ApiKey = "sk-ant-api03-standin-0123456789abcdefghijklmnop";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(1000);

    public static async Task RunAsync(BenchEnvironment env, ResultTable table, CancellationToken ct)
    {
        var o = env.Options;
        var n = o.Reps(12, 6);
        var claude = ClaudeAgent.Executable;
        await using var model = await StandInModel.StartAsync(ct);
        var account = await env.RegisterAsync("bench-bridge", ct);
        var human = await env.RegisterAsync("bench-human", ct);
        await human.Client.JoinRoomAsync(env.Alias, ct);

        var stateDir = Path.Combine(o.WorkDir, "daemons", $"bridge-{Guid.NewGuid().ToString("N")[..6]}");
        Directory.CreateDirectory(Path.Combine(stateDir, "run"));
        var bridgeEnv = DaemonProcess.AgentEnv(o, account, env.Alias, stateDir);
        bridgeEnv["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        bridgeEnv["ANTHROPIC_BASE_URL"] = model.Url.ToString().TrimEnd('/');
        bridgeEnv["ANTHROPIC_API_KEY"] = ApiKey;
        bridgeEnv["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1";
        bridgeEnv["DISABLE_AUTOUPDATER"] = "1";
        bridgeEnv["CLAUDE_CODE_DISABLE_OFFICIAL_MARKETPLACE_AUTOINSTALL"] = "1";
        var state = new JsonObject
        {
            ["hasCompletedOnboarding"] = true,
            ["lastOnboardingVersion"] = ClaudeAgent.Pinned,
            ["customApiKeyResponses"] = new JsonObject { ["approved"] = new JsonArray(ApiKey[^20..]), ["rejected"] = new JsonArray() },
        };
        AgentChat.Configuration.PrivateFile.WriteAllBytes(Path.Combine(stateDir, ".claude.json"), Encoding.UTF8.GetBytes(state.ToJsonString()));

        var log = new StringBuilder();
        var serving = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var psi = new ProcessStartInfo(o.Cchat) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "bridge", "--port", "0", "--claude", claude, "--status-after", "60" }) psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        foreach (var (k, v) in bridgeEnv) psi.Environment[k] = v;
        using var bridge = Process.Start(psi) ?? throw new InvalidOperationException("could not start cchat bridge");
        void OnLine(string? line)
        {
            if (line is null) return;
            lock (log) log.AppendLine(line);
            if (line.Contains(" serving:", StringComparison.Ordinal)) serving.TrySetResult();
        }
        bridge.OutputDataReceived += (_, e) => OnLine(e.Data);
        bridge.ErrorDataReceived += (_, e) => OnLine(e.Data);
        bridge.BeginOutputReadLine();
        bridge.BeginErrorReadLine();
        try
        {
            try
            {
                await serving.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"cchat bridge did not start serving in 60 s:\n{Tail(log)}");
            }
            var mcpConfig = Path.Combine(stateDir, "bridge", "mcp.json");
            var workDir = Path.Combine(stateDir, "bridge", "work");
            var directEnv = bridgeEnv.Where(kv => !kv.Key.StartsWith("AGENTCHAT_", StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            string[] directArgs = ["-p", "--output-format", "stream-json", "--verbose", "--mcp-config", mcpConfig, "--strict-mcp-config",
                "--allowedTools", "Read,Grep,Glob,LS,mcp__cchat__*", "--permission-mode", "default", "--max-turns", "20"];

            var viaBridge = new List<double>();
            var direct = new List<double>();
            var misses = 0;
            var tag = Guid.NewGuid().ToString("N")[..6];
            for (var i = 0; i < 2 * n + 4; i++)
            {
                await model.WaitQuietAsync(Quiet, TimeSpan.FromSeconds(60), ct);
                var marker = $"bridge{i}x{tag}";
                var prompt = $"summarise {marker}";
                if (i % 2 == 0)
                {
                    var content = Encoding.UTF8.GetBytes($"{{\"msgtype\":\"m.text\",\"body\":\"!claude {prompt}\"}}"); // as Element sends it
                    var t0 = Clock.Now;
                    await env.Raw.SendAsync(human.Token, env.RoomId, content, ct);
                    try
                    {
                        var call = await model.WaitForAsync([marker], Wait, ct);
                        if (i >= 4) viaBridge.Add((call.At - t0).TotalMilliseconds);
                    }
                    catch (TimeoutException)
                    {
                        misses++;
                    }
                }
                else
                {
                    var t0 = Clock.Now;
                    var run = RunDirectAsync(claude, directArgs, directEnv, workDir, prompt, ct);
                    var call = await model.WaitForAsync([marker], Wait, ct);
                    if (i >= 4) direct.Add((call.At - t0).TotalMilliseconds);
                    await run;
                }
                if (bridge.HasExited) throw new InvalidOperationException($"cchat bridge exited {bridge.ExitCode}:\n{Tail(log)}");
            }
            var (b, d) = (Stats.Of(viaBridge), Stats.Of(direct));
            table.Add(new Row("26. bridge: human's `!claude …` in the room → first request to the model", ResultTable.Ms(b),
                "`claude -p` started directly, same command line and prompt → first request", ResultTable.Ms(d), ResultTable.X(b.P50 / d.P50), "—",
                misses == 0 ? "—" : $"**{misses} of {n + 2} never reached the model**"));
            table.Note(ResultTable.F("26 (n={0} bridge, {1} direct, alternating after 2 warm-ups of each): the bridge's overhead at p50 is {2:0} ms " +
                "(the room → the bridge's daemon /sync → its event stream → intake → queue → spawn), over {3:0} ms that Claude Code itself takes from spawn to its first request; " +
                "bridge messages that never reached the model within {4:0} s: {5}",
                b.N, d.N, b.P50 - d.P50, d.P50, Wait.TotalSeconds, misses));
        }
        finally
        {
            if (!bridge.HasExited)
            {
                using (var kill = Process.Start(new ProcessStartInfo("/bin/kill", ["-TERM", bridge.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])))
                    await kill!.WaitForExitAsync(CancellationToken.None);
                if (!bridge.WaitForExit(15_000)) bridge.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task RunDirectAsync(string claude, string[] args, Dictionary<string, string> env, string workDir, string prompt, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(claude) { WorkingDirectory = workDir, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start claude");
        var outText = p.StandardOutput.ReadToEndAsync(ct);
        var errText = p.StandardError.ReadToEndAsync(ct);
        await p.StandardInput.WriteAsync(prompt);
        p.StandardInput.Close();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("claude -p (direct) did not finish within 2 min");
        }
        await Task.WhenAll(outText, errText);
        if (p.ExitCode != 0) throw new InvalidOperationException($"claude -p (direct) exited {p.ExitCode}: {(await errText).Trim()}");
    }

    private static string Tail(StringBuilder log)
    {
        lock (log) return string.Join('\n', log.ToString().Split('\n').TakeLast(30));
    }
}
