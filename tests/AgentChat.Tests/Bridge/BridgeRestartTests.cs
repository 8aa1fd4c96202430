using System.Diagnostics;
using System.Text;
using AgentChat.Messages;
using AgentChat.Tests.Cli;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Bridge;

/// <summary>The published <c>cchat bridge</c> SIGKILLed while Claude Code works: the next start answers, once.</summary>
[Collection(BridgeCollection.Name)]
public sealed class BridgeRestartTests
{
    [Fact]
    public async Task A_kill_mid_answer_loses_nothing_and_answers_once()
    {
        await using var rig = await BridgeRig.CreateAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Model.Script = _ => new StandInReply("the one answer", Hold: release.Task);

        var log = new StringBuilder();
        var psi = new ProcessStartInfo(Cchat.Binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "bridge", "--port", "0", "--claude", BridgeRig.Claude, "--status-after", "1", "--timeout", "150" }) psi.ArgumentList.Add(a);
        foreach (var (k, v) in rig.AgentEnvironment()) psi.Environment[k] = v;
        foreach (var (k, v) in rig.ClaudeEnvironment()) psi.Environment[k] = v;
        psi.Environment["XDG_CONFIG_HOME"] = Path.Combine(rig.StateDir, "config");
        using var first = Process.Start(psi)!;
        first.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        first.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        first.BeginErrorReadLine();
        first.BeginOutputReadLine();
        string ask;
        try
        {
            await Eventually.WaitAsync(() => Task.FromResult(Logged(log, "serving") ? "up" : null), BridgeRig.Timeout, $"the bridge serving; log:\n{log}");
            ask = (await rig.SayAsync("!claude please take your time")).Value;

            // Claude Code is running (the model holds its request) and the bridge said so in the thread.
            await Eventually.WaitAsync(() => Task.FromResult(rig.Model.Requests.Count > 0 ? "asked" : null), BridgeRig.Timeout, $"claude asked the model; log:\n{log}");
            await Eventually.WaitAsync(async () => (await rig.ThreadAsync(ask)).FirstOrDefault(m => m.Kind == MessageKind.Status), BridgeRig.Timeout, "the working notice");
            first.Kill(); // SIGKILL, mid-answer
            await first.WaitForExitAsync().WaitAsync(BridgeRig.Timeout);
        }
        finally
        {
            if (!first.HasExited) first.Kill(entireProcessTree: true);
        }
        Assert.True((await rig.AnswersAsync(ask, ask)).Count == 0, $"answered before the kill; log:\n{log}");

        await rig.StartAsync();
        await Eventually.WaitAsync(() => Task.FromResult(rig.Model.Requests.Count > 1 ? "asked again" : null), BridgeRig.Timeout, "claude asked again after the restart");
        release.TrySetResult();
        var answer = await rig.AnswerAsync(ask, ask);
        Assert.Equal("the one answer", answer.Text);

        // Give a second answer every chance to appear: a restart of the restarted bridge must not add one either.
        await rig.StopAsync();
        await rig.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Single(await rig.AnswersAsync(ask, ask));
        Assert.Equal(2, rig.Model.Requests.Count);
    }

    private static bool Logged(StringBuilder log, string text)
    {
        lock (log) return log.ToString().Contains(text, StringComparison.Ordinal);
    }
}
