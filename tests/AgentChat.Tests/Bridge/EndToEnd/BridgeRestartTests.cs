using AgentChat.Messages;
using AgentChat.Tests.ClaudeCode;

namespace AgentChat.Tests.Bridge.EndToEnd;

/// <summary>The published <c>cchat bridge</c> SIGKILLed while Claude Code works on an answer: the next start answers it, once.</summary>
[Collection(BridgeEndToEndCollection.Name)]
public sealed class BridgeRestartTests
{
    [Fact]
    public async Task A_bridge_killed_mid_answer_answers_exactly_once_after_a_restart()
    {
        await using var rig = await BridgeRig.CreateAsync();
        var prompt = $"please take your time {Guid.NewGuid():N}";
        var answerText = $"the one answer {Guid.NewGuid():N}";
        var killed = false;
        // Until the kill the model never answers (the run is mid-answer); after it, it answers.
        rig.RespondWith(r => Volatile.Read(ref killed) || !r.LastUserMessage.Contains(prompt, StringComparison.Ordinal) ? ModelTurn.Say(answerText) : ModelTurn.Hang);

        string ask;
        await using (var first = await PublishedBridge.StartAsync(rig))
        {
            ask = (await rig.SayAsync($"!claude {prompt}")).Value;
            await rig.Model.WaitForAsync(r => r.Main && r.LastUserMessage.Contains(prompt, StringComparison.Ordinal), "Claude Code asking the model", BridgeRig.Timeout);
            await rig.UntilAsync(async () => (await rig.ThreadAsync(ask)).FirstOrDefault(m => m.Kind == MessageKind.Status), "the bridge's working notice",
                () => first.Log);
            Volatile.Write(ref killed, true);
            await first.KillAsync(); // SIGKILL, mid-answer
            Assert.Empty(await rig.AnswersAsync(ask, ask));
        }
        var askedBefore = rig.Model.MainRequests.Count(r => r.LastUserMessage.Contains(prompt, StringComparison.Ordinal));

        await using (var second = await PublishedBridge.StartAsync(rig))
        {
            var answer = await rig.AnswerAsync(ask, ask, () => second.Log);
            Assert.Equal(answerText, answer.Text);
            await second.KillAsync(); // again, now after the answer
        }

        // A third start finds the answer and does not run Claude Code for it again: a later question, answered in
        // arrival order behind anything recovered, shows everything recovered was handled.
        await using (var third = await PublishedBridge.StartAsync(rig))
        {
            var later = (await rig.SayAsync("!claude one more thing")).Value;
            await rig.AnswerAsync(later, later, () => third.Log);
            await third.StopAsync();
        }
        Assert.Single(await rig.AnswersAsync(ask, ask));
        var asked = rig.Model.MainRequests.Count(r => r.LastUserMessage.Contains(prompt, StringComparison.Ordinal));
        Assert.True(asked == askedBefore + 1, $"the killed question reached the model {asked - askedBefore} times after the kill:\n{rig.Model.Describe()}");
        Assert.Empty(rig.Model.Failures);
    }
}
