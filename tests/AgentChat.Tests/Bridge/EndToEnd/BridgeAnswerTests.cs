using System.Text.Json;
using AgentChat.Bridge.Sessions;
using AgentChat.Messages;
using AgentChat.Tests.ClaudeCode;

namespace AgentChat.Tests.Bridge.EndToEnd;

/// <summary>
/// A human's <c>!claude</c>, posted by a raw Matrix client, answered by the real <c>claude</c> (the stand-in its model)
/// in the message's thread with what it cost; a follow-up in the thread resumes the same Claude Code session.
/// </summary>
[Collection(BridgeEndToEndCollection.Name)]
public sealed class BridgeAnswerTests
{
    [Fact]
    public async Task A_humans_command_is_answered_in_its_thread_with_its_cost_and_a_follow_up_resumes_the_session()
    {
        await using var rig = await BridgeRig.CreateAsync();
        var summary = $"the thread says hello {Guid.NewGuid():N}";
        var second = $"the second point is threads {Guid.NewGuid():N}";
        rig.RespondWith(r => ModelTurn.Say(r.LastUserMessage.Contains("and the second point?", StringComparison.Ordinal) ? second : summary));
        await rig.StartAsync();

        var ask = (await rig.SayAsync("!claude summarise this thread")).Value;
        var first = await rig.AnswerAsync(ask, ask);
        Assert.Equal(summary, first.Text);
        Assert.Equal(ask, first.Thread);
        var asked = await rig.Model.WaitForAsync(r => r.Main && r.Text.Contains("summarise this thread", StringComparison.Ordinal), "the command's request");
        Assert.Contains(rig.Human.UserId.Value, asked.Text, StringComparison.Ordinal); // the prompt says who asked

        var meta = BridgeMeta(first);
        Assert.Equal(ask, meta.GetProperty("answers").GetString());
        var session = meta.GetProperty("session").GetString();
        Assert.True(SessionMap.IsValidId(session), $"session {session}");
        Assert.StartsWith(asked.Model, meta.GetProperty("model").GetString(), StringComparison.Ordinal); // Claude Code names a variant, e.g. "[1m]"
        // The stand-in reports 25 tokens in and 12 out for each answer it streams; Claude Code adds them up and prices them.
        Assert.True(meta.GetProperty("input_tokens").GetInt64() >= 25, meta.ToString());
        Assert.True(meta.GetProperty("output_tokens").GetInt64() >= 12, meta.ToString());
        Assert.True(CostOf(meta) > 0, meta.ToString());
        Assert.True(meta.GetProperty("turns").GetInt32() >= 1, meta.ToString());
        Assert.False(meta.TryGetProperty("error", out _), meta.ToString());

        var follow = (await rig.SayInThreadAsync(ask, "and the second point?")).Value;
        var answer = await rig.AnswerAsync(ask, follow);
        Assert.Equal(second, answer.Text);
        Assert.Equal(ask, answer.Thread);
        Assert.Equal(session, BridgeMeta(answer).GetProperty("session").GetString());
        var resumed = await rig.Model.WaitForAsync(r => r.Main && r.LastUserMessage.Contains("and the second point?", StringComparison.Ordinal), "the follow-up's request");
        Assert.Contains("summarise this thread", resumed.Text, StringComparison.Ordinal); // the first exchange, resumed
        Assert.Contains(summary, resumed.Text, StringComparison.Ordinal);

        Assert.Single(await rig.AnswersAsync(ask, ask));
        Assert.Single(await rig.AnswersAsync(ask, follow));
        Assert.Empty(rig.Model.Failures);
    }

    internal static JsonElement BridgeMeta(ChatMessage m) => m.Meta!.Value.GetProperty("bridge");

    /// <summary><c>cost_usd</c>, a decimal string on the wire (Matrix event content holds no floats).</summary>
    internal static double CostOf(JsonElement bridgeMeta) =>
        double.Parse(bridgeMeta.GetProperty("cost_usd").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
}
