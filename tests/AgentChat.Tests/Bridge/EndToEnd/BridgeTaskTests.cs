using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AgentChat.Bridge.Hosting;
using AgentChat.Tasks;
using AgentChat.Tests.ClaudeCode;

namespace AgentChat.Tests.Bridge.EndToEnd;

/// <summary>
/// A human's <c>!task @bridge …</c>: the bridge moves the task by itself to <c>done</c> with the answer in the task's
/// thread and the cost in the done note; when the model fails, to <c>failed</c> with a readable reason, and it then
/// answers the next question.
/// </summary>
[Collection(BridgeEndToEndCollection.Name)]
public sealed class BridgeTaskTests
{
    [Fact]
    public async Task A_task_assigned_to_the_bridge_ends_done_with_its_answer_in_the_thread_and_its_cost_in_the_done_note()
    {
        await using var rig = await BridgeRig.CreateAsync();
        var haiku = $"threads hold the answers\nreplies in a row\n{Guid.NewGuid():N}";
        rig.RespondWith(r => ModelTurn.Say(r.LastUserMessage.Contains("write a haiku about threads", StringComparison.Ordinal) ? haiku : "unexpected request"));
        var bridge = await rig.StartAsync();

        var task = (await rig.SayAsync($"!task @{rig.Bot.UserId.Localpart} write a haiku about threads")).Value;
        var answer = await rig.AnswerAsync(task, task);
        Assert.Equal(haiku, answer.Text);
        var meta = BridgeAnswerTests.BridgeMeta(answer);
        Assert.Equal(task, meta.GetProperty("task").GetString());
        var cost = BridgeAnswerTests.CostOf(meta);
        Assert.True(cost > 0, meta.ToString());

        using var gateway = GatewayOf(bridge);
        var done = await FinalAsync(gateway, task, rig);
        Assert.Equal(TaskStates.Done, done.State);
        Assert.Equal(rig.Bot.UserId.Value, done.Assignee);
        // The bridge's daemon confirms the human's task (assigned), then the bridge moves it.
        var moves = done.History!.Where(h => h.Applied && h.Sender == rig.Bot.UserId.Value).Select(h => h.State).ToList();
        Assert.Equal([TaskStates.Assigned, TaskStates.Accepted, TaskStates.InProgress, TaskStates.Done], moves);
        var note = done.History!.Last(h => h.Applied && h.State == TaskStates.Done).Text;
        Assert.Contains(cost.ToString("0.0000", CultureInfo.InvariantCulture), note, StringComparison.Ordinal);
        Assert.Contains($"{meta.GetProperty("output_tokens").GetInt64()} out", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_model_ends_the_task_failed_with_a_readable_reason_and_the_bridge_answers_the_next_question()
    {
        await using var rig = await BridgeRig.CreateAsync();
        rig.RespondWith(_ => ModelTurn.Error(400));
        var bridge = await rig.StartAsync();

        var task = (await rig.SayAsync($"!task @{rig.Bot.UserId.Localpart} count the stars")).Value;
        var failure = await rig.AnswerAsync(task, task);
        Assert.StartsWith("could not answer: ", failure.Text, StringComparison.Ordinal);
        Assert.Contains("the stand-in model refuses this request", failure.Text, StringComparison.Ordinal); // the model's own words
        Assert.DoesNotContain("sk-ant", failure.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", failure.Text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure.Text);
        Assert.Equal("model_error", BridgeAnswerTests.BridgeMeta(failure).GetProperty("error").GetString());

        using var gateway = GatewayOf(bridge);
        var failed = await FinalAsync(gateway, task, rig);
        Assert.Equal(TaskStates.Failed, failed.State);
        var moves = failed.History!.Where(h => h.Applied && h.Sender == rig.Bot.UserId.Value).Select(h => h.State).ToList();
        Assert.Equal([TaskStates.Assigned, TaskStates.Accepted, TaskStates.InProgress, TaskStates.Failed], moves);
        var reason = failed.History!.Last(h => h.Applied && h.State == TaskStates.Failed).Text;
        Assert.Contains("the stand-in model refuses this request", reason, StringComparison.Ordinal);

        var back = $"back again {Guid.NewGuid():N}";
        rig.RespondWith(_ => ModelTurn.Say(back));
        var ask = (await rig.SayAsync("!claude are you there?")).Value;
        Assert.Equal(back, (await rig.AnswerAsync(ask, ask)).Text);
        Assert.Single(await rig.AnswersAsync(task, task));
    }

    private static HttpClient GatewayOf(RunningBridge bridge)
    {
        var http = new HttpClient { BaseAddress = bridge.Daemon.Gateway, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bridge.Daemon.Token);
        return http;
    }

    /// <summary>The task once it is done or failed, read through the bridge's own gateway.</summary>
    private static Task<TaskView> FinalAsync(HttpClient gateway, string task, BridgeRig rig) =>
        rig.UntilAsync(async () =>
        {
            var view = (await gateway.GetFromJsonAsync($"tasks/{Uri.EscapeDataString(task)}", TasksJsonContext.Default.TaskResponse))!.Task;
            return view.State is TaskStates.Done or TaskStates.Failed ? view : null;
        }, $"task {task} done or failed");
}
