using System.Net.Http.Json;
using System.Text.Json;
using AgentChat.Messages;
using AgentChat.Tasks;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Bridge;

/// <summary>The real <c>claude</c> (pinned, headless) against the stand-in model, a real Synapse, a human on a raw Matrix client.</summary>
[Collection(BridgeCollection.Name)]
public sealed class BridgeEndToEndTests
{
    private static JsonElement BridgeMeta(ChatMessage m) => m.Meta!.Value.GetProperty("bridge");

    [Fact]
    public async Task A_humans_command_is_answered_in_its_thread_and_a_follow_up_resumes_the_session()
    {
        await using var rig = await BridgeRig.CreateAsync();
        rig.Model.Script = body => new StandInReply(body.Contains("the second point", StringComparison.Ordinal) ? "second answer" : "first answer: a summary");
        await rig.StartAsync();

        var ask = (await rig.SayAsync("!claude summarise this thread")).Value;
        var first = await rig.AnswerAsync(ask, ask);
        Assert.Equal("first answer: a summary", first.Text);
        Assert.Equal(ask, first.Thread);
        var meta = BridgeMeta(first);
        var session = meta.GetProperty("session").GetString();
        Assert.True(AgentChat.Bridge.Sessions.SessionMap.IsValidId(session), $"session {session}");
        Assert.Equal(StandInModel.OutputTokens, meta.GetProperty("output_tokens").GetInt64());
        Assert.True(meta.GetProperty("input_tokens").GetInt64() >= StandInModel.InputTokens);
        Assert.Equal(StandInModel.CacheRead, meta.GetProperty("cache_read_tokens").GetInt64());
        Assert.Equal(StandInModel.CacheCreation, meta.GetProperty("cache_creation_tokens").GetInt64());
        Assert.True(meta.GetProperty("cost_usd").GetDouble() > 0);
        Assert.Equal(1, meta.GetProperty("turns").GetInt32());
        Assert.False(meta.TryGetProperty("error", out _));

        // The prompt named who asked and where; the request text reached the model (stdin, no shell).
        var firstRequest = rig.Model.Requests[0];
        Assert.Contains("summarise this thread", firstRequest, StringComparison.Ordinal);
        Assert.Contains(rig.Human.UserId.Value, firstRequest, StringComparison.Ordinal);

        var follow = (await rig.SayInThreadAsync(ask, "and the second point?")).Value;
        var second = await rig.AnswerAsync(ask, follow);
        Assert.Equal("second answer", second.Text);
        Assert.Equal(session, BridgeMeta(second).GetProperty("session").GetString());
        var resumed = rig.Model.Requests[^1];
        Assert.Contains("summarise this thread", resumed, StringComparison.Ordinal);
        Assert.Contains("first answer: a summary", resumed, StringComparison.Ordinal);
        Assert.Contains("and the second point?", resumed, StringComparison.Ordinal);
        Assert.Single(await rig.AnswersAsync(ask, ask));
    }

    [Fact]
    public async Task A_task_assigned_to_the_bridge_ends_done_with_its_cost_in_meta()
    {
        await using var rig = await BridgeRig.CreateAsync();
        rig.Model.Script = _ => new StandInReply("threads hold\nreplies in a row\nthe task is done");
        var bridge = await rig.StartAsync();

        var task = (await rig.SayAsync($"!task @{rig.Bot.UserId.Localpart} write a haiku about threads")).Value;
        var answer = await rig.AnswerAsync(task, task);
        Assert.Equal("threads hold\nreplies in a row\nthe task is done", answer.Text);
        Assert.True(BridgeMeta(answer).GetProperty("cost_usd").GetDouble() > 0);
        Assert.Equal(task, BridgeMeta(answer).GetProperty("task").GetString());

        using var http = GatewayHttp(bridge);
        var view = await Eventually.WaitAsync(async () =>
        {
            var t = (await http.GetFromJsonAsync($"tasks/{Uri.EscapeDataString(task)}", TasksJsonContext.Default.TaskResponse))!.Task;
            return t.State == TaskStates.Done ? t : null;
        }, BridgeRig.Timeout, "the task done");
        Assert.Equal(rig.Bot.UserId.Value, view.Assignee);
        var states = (await http.GetFromJsonAsync($"tasks/{Uri.EscapeDataString(task)}", TasksJsonContext.Default.TaskResponse))!.Task.History!
            .Where(h => h.Applied).Select(h => h.State).ToList();
        Assert.Equal([TaskStates.Accepted, TaskStates.InProgress, TaskStates.Done], states.Where(s => s != TaskStates.Assigned));
    }

    [Fact]
    public async Task A_failing_model_ends_as_a_failed_task_with_a_readable_reason()
    {
        await using var rig = await BridgeRig.CreateAsync();
        rig.Model.Script = _ => StandInReply.Error(400, "the stand-in model is broken today");
        var bridge = await rig.StartAsync();

        var task = (await rig.SayAsync($"!task @{rig.Bot.UserId.Localpart} count the stars")).Value;
        var answer = await rig.AnswerAsync(task, task);
        Assert.StartsWith("could not answer: Claude Code reported an error (API Error: 400 the stand-in model is broken today)", answer.Text);
        Assert.DoesNotContain("sk-test", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", answer.Text, StringComparison.Ordinal);
        Assert.Equal("model_error", BridgeMeta(answer).GetProperty("error").GetString());

        using var http = GatewayHttp(bridge);
        var view = await Eventually.WaitAsync(async () =>
        {
            var t = (await http.GetFromJsonAsync($"tasks/{Uri.EscapeDataString(task)}", TasksJsonContext.Default.TaskResponse))!.Task;
            return t.State == TaskStates.Failed ? t : null;
        }, BridgeRig.Timeout, "the task failed");
        var failed = view.History!.Last(h => h.State == TaskStates.Failed);
        Assert.Contains("the stand-in model is broken today", failed.Text, StringComparison.Ordinal);

        // It keeps serving: the next question, with the model back, is answered.
        rig.Model.Script = _ => new StandInReply("back again");
        var ask = (await rig.SayAsync("!claude are you there?")).Value;
        Assert.Equal("back again", (await rig.AnswerAsync(ask, ask)).Text);
    }

    private static HttpClient GatewayHttp(AgentChat.Bridge.Hosting.RunningBridge bridge)
    {
        var http = new HttpClient { BaseAddress = bridge.Daemon.Gateway, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bridge.Daemon.Token);
        return http;
    }
}
