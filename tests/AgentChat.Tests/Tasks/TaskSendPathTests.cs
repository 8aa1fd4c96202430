using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentChat.Tasks;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;
using Xunit.Abstractions;

namespace AgentChat.Tests.Tasks;

/// <summary>
/// Task messages go out through the daemon's one send path, the one <c>POST /send</c> uses: a refusal answers the
/// same status and code, and a daemon that stops answers queued at once instead of waiting out the send wait.
/// </summary>
public sealed class TaskSendPathTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TaskRoom.Timeout;

    [Fact]
    public async Task A_task_move_the_homeserver_refuses_answers_403_forbidden_like_a_refused_send()
    {
        await using var room = await TaskRoom.StartAsync();
        var created = await PostAsync(room.AlphaDaemon!, "/tasks", $$"""{"text": "Check the backups", "assignee": "{{room.Beta.UserId}}"}""");
        Assert.True(created.Status == HttpStatusCode.OK, created.Body);
        var path = $"/tasks/{Uri.EscapeDataString(TaskRoom.Moved(created.Body).EventId!)}";

        // The human lets members write registry state but no longer messages: the homeserver refuses beta's with M_FORBIDDEN.
        var levels = JsonNode.Parse((await room.Human.Client.GetStateAsync(room.RoomId, "m.room.power_levels").WaitAsync(Timeout)).GetRawText())!.AsObject();
        levels["events_default"] = 50;
        levels["events"]!.AsObject()["m.room.message"] = 50;
        await room.Human.Client.PutStateAsync(room.RoomId, "m.room.power_levels", "", Encoding.UTF8.GetBytes(levels.ToJsonString())).WaitAsync(Timeout);

        var move = await PostAsync(room.BetaDaemon!, path, """{"action": "accept"}""");
        var send = await PostAsync(room.BetaDaemon!, "/send", """{"text": "can I still write here?"}""");
        output.WriteLine($"task move: {(int)move.Status} {move.Body}\n/send: {(int)send.Status} {send.Body}");

        Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), (send.Status, Code(send.Body)));
        Assert.Equal((send.Status, Code(send.Body)), (move.Status, Code(move.Body)));
        Assert.Equal(TaskStates.Assigned, (await room.AlphaDaemon!.GetAsync(path, TasksJsonContext.Default.TaskResponse)).Task.State);
    }

    [Fact]
    public async Task A_stopping_daemon_answers_a_waiting_task_and_a_waiting_send_queued_at_once()
    {
        var server = await SynapseServer.GetAsync();
        var owner = await server.CreateUserAsync("own");
        var agent = await server.CreateUserAsync("agent");
        var (_, alias) = await SharedRoom.CreateAsync(server, owner, agent);
        await using var proxy = new FaultProxy(server.Homeserver);
        var sendWait = TimeSpan.FromSeconds(20);
        await using var daemon = await TestDaemon.StartAsync(server, agent, alias, configure: o => o.SendWait = sendWait,
            env: new Dictionary<string, string> { ["AGENTCHAT_HOMESERVER"] = proxy.Url.ToString() });
        await Eventually.WaitAsync(async () =>
        {
            using var r = await daemon.Http.GetAsync("/who");
            return r.IsSuccessStatusCode ? "in the shared room" : null;
        }, Timeout, "the daemon is in the shared room");
        var before = await PostAsync(daemon, "/tasks", """{"text": "before the hang"}""");
        Assert.True(before.Status == HttpStatusCode.OK, before.Body);

        proxy.Hang();
        var task = PostAsync(daemon, "/tasks", """{"text": "during the hang", "txn_id": "stop-task-1"}""");
        var send = PostAsync(daemon, "/send", """{"text": "also during the hang", "txn_id": "stop-send-1"}""");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(task.IsCompleted || send.IsCompleted, "a send answered before the stop, with the homeserver hanging");

        var clock = Stopwatch.StartNew();
        var stopping = daemon.Daemon.StopAsync();
        var (taskAnswer, sendAnswer) = (await task.WaitAsync(Timeout), await send.WaitAsync(Timeout));
        var took = clock.Elapsed;
        output.WriteLine($"answered {took.TotalMilliseconds:0} ms after the stop began (send wait {sendWait.TotalSeconds:0} s)\ntask: {taskAnswer.Body}\nsend: {sendAnswer.Body}");
        proxy.Resume();
        await stopping.WaitAsync(Timeout);

        Assert.True(taskAnswer.Status == HttpStatusCode.Accepted, $"{(int)taskAnswer.Status} {taskAnswer.Body}");
        Assert.True(TaskRoom.Moved(taskAnswer.Body).Queued, taskAnswer.Body);
        Assert.True(sendAnswer.Status == HttpStatusCode.Accepted, $"{(int)sendAnswer.Status} {sendAnswer.Body}");
        Assert.Contains("\"queued\":true", sendAnswer.Body, StringComparison.Ordinal);
        // the host's shutdown timeout is 8 s: an answer after it would be a request cut off, not one that stopped waiting
        Assert.True(took < TimeSpan.FromSeconds(6), $"answered {took} after the stop began");
    }

    private static string? Code(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("code").GetString();
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(TestDaemon daemon, string path, string json)
    {
        using var response = await daemon.Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json")).WaitAsync(Timeout);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
