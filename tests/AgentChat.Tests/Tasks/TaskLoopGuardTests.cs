using System.Net;
using System.Text;
using AgentChat.Tasks;

namespace AgentChat.Tests.Tasks;

/// <summary>Task moves are automated messages like any other: the loop guard counts and stops them.</summary>
public sealed class TaskLoopGuardTests
{
    private static readonly TimeSpan Timeout = TaskRoom.Timeout;

    [Fact]
    public async Task Task_moves_past_the_loop_budget_are_refused_with_429_loop_guard()
    {
        await using var room = await TaskRoom.StartAsync(daemons: false);
        await room.StartDaemonsAsync(env: new Dictionary<string, string> { ["AGENTCHAT_LOOP_BUDGET"] = "2" });
        var created = await PostAsync(room.AlphaDaemon!, "/tasks", $$"""{"text": "Tidy the logs", "assignee": "{{room.Beta.UserId}}"}""");
        Assert.Equal(HttpStatusCode.OK, created.Status);
        var id = TaskRoom.Moved(created.Body).EventId!;
        var path = $"/tasks/{Uri.EscapeDataString(id)}";

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(room.BetaDaemon!, path, """{"action": "accept"}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(room.BetaDaemon!, path, """{"action": "start"}""")).Status);
        var refused = await PostAsync(room.BetaDaemon!, path, """{"action": "done", "note": "all tidy"}""");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Contains("\"code\":\"loop_guard\"", refused.Body, StringComparison.Ordinal);
        Assert.Equal(TaskStates.InProgress, (await room.AlphaDaemon!.GetAsync(path, TasksJsonContext.Default.TaskResponse)).Task.State);
        // every move that went out carries meta.hops (the loop guard's notice in the thread is no move)
        var moves = await room.RawThreadAsync(id);
        Assert.NotEmpty(moves);
        Assert.All(moves.Where(e => e.ContentString("msgtype") != "m.notice"), e => Assert.True(e.Content.TryGetProperty("com.aiagentchat.meta", out var meta) && meta.TryGetProperty("hops", out _), e.EventId?.Value));
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(Daemon.TestDaemon daemon, string path, string json)
    {
        using var response = await daemon.Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json")).WaitAsync(Timeout);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
