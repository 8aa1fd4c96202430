using System.Net;
using System.Text;
using AgentChat.Gateway;
using AgentChat.Messages;
using AgentChat.Tasks;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Tasks;

/// <summary>A task's moves and its confirmation live in its thread: they are never "unanswered" items themselves.</summary>
public sealed class TaskPendingTests
{
    private static readonly TimeSpan Timeout = TaskRoom.Timeout;

    [Fact]
    public async Task A_task_round_leaves_no_moves_or_confirmation_in_pending_and_a_humans_bang_task_is_an_item()
    {
        await using var room = await TaskRoom.StartAsync(daemons: false);
        await room.StartDaemonsAsync(env: new Dictionary<string, string> { ["AGENTCHAT_UNANSWERED_AFTER"] = "1" });
        var alpha = room.AlphaDaemon!;
        var created = await PostAsync(alpha, "/tasks", $$"""{"text": "Rotate the keys", "assignee": "{{room.Beta.UserId}}"}""");
        var id = TaskRoom.Moved(created).EventId!;
        var path = $"/tasks/{Uri.EscapeDataString(id)}";
        foreach (var action in new[] { "accept", "start", "done" }) await PostAsync(room.BetaDaemon!, path, $$"""{"action": "{{action}}"}""");

        var bang = (await room.HumanSaysAsync($"!task @{room.Beta.UserId.Localpart} renew the certificate")).Value;
        await Eventually.WaitAsync(async () => (await room.RawThreadAsync(bang)).Count > 0 ? "confirmed" : null, Timeout, "beta confirms the human's task");
        // the human's unassigned !task: nobody confirms it, so it stays an item (and, seen after everything above, it is the barrier)
        var open = (await room.HumanSaysAsync("!task someone look at the flaky build")).Value;
        var pending = await Eventually.WaitAsync(async () =>
        {
            var p = await alpha.GetAsync("/pending", GatewayJsonContext.Default.PendingResponse);
            return p.Items.Any(i => i.EventId == open) ? p : null;
        }, Timeout, "the open !task is pending");

        Assert.Equal(MessageKind.Task, Assert.Single(pending.Items, i => i.EventId == open).Kind);
        var threadEvents = (await room.RawThreadAsync(id)).Concat(await room.RawThreadAsync(bang)).Select(e => e.EventId?.Value).ToList();
        Assert.True(threadEvents.Count >= 4, $"the moves and the confirmation: {threadEvents.Count}");
        Assert.DoesNotContain(pending.Items, i => threadEvents.Contains(i.EventId));
        Assert.DoesNotContain(pending.Items, i => i.EventId == id || i.EventId == bang); // both answered by beta
    }

    private static async Task<string> PostAsync(Daemon.TestDaemon daemon, string path, string json)
    {
        using var response = await daemon.Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json")).WaitAsync(Timeout);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {body}");
        return body;
    }
}
