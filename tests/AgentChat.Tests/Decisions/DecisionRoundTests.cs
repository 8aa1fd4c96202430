using AgentChat.Decisions;
using AgentChat.Matrix;
using AgentChat.Tasks;
using AgentChat.Tests.Tasks;

namespace AgentChat.Tests.Decisions;

/// <summary>Decisions on a real Synapse: agents ask, a human answers from a raw client (a poll response or a reaction), agents' votes do not count.</summary>
public sealed class DecisionRoundTests
{
    [Fact]
    public async Task A_human_answer_resumes_the_waiting_agent_through_the_daemon_and_an_agents_vote_is_ignored()
    {
        await using var room = await TaskRoom.StartAsync();
        using var alpha = room.Cli(room.Alpha, room.AlphaDaemon);
        var human = room.Human.UserId.Value;
        var asked = DecisionRoom.Asked(await alpha.OkAsync("ask", "Deploy to prod?", "--choices", "yes|no|later", "--to", human, "--json"));
        var poll = await room.Human.Client.GetEventAsync(room.RoomId, new EventId(asked.DecisionId)).WaitAsync(TaskRoom.Timeout);
        Assert.Equal(EventTypes.PollStart, poll.Type);
        Assert.Equal([human], poll.Content.GetProperty("m.mentions").GetProperty("user_ids").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(3, poll.Content.GetProperty("m.poll").GetProperty("answers").GetArrayLength());
        Assert.Contains("2️⃣ no", poll.ContentString("body"), StringComparison.Ordinal);

        var waiting = alpha.RunAsync("decision", "wait", asked.DecisionId, "--timeout", "45s");
        await DecisionRoom.VoteAsync(room, asked.DecisionId, "1", as_: room.Beta); // an agent's vote: ignored
        await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromSeconds(3)));
        Assert.False(waiting.IsCompleted, "the agent's vote must not end the wait");
        await DecisionRoom.VoteAsync(room, asked.DecisionId, "2");
        var result = await waiting;
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal("no", result.StdOut.Trim());

        var shown = DecisionRoom.View(await alpha.OkAsync("decision", "show", asked.DecisionId, "--json"));
        Assert.Equal((DecisionStates.Decided, human, "poll"), (shown.State, shown.Answer!.By, shown.Answer.Via));
        Assert.Equal(1, shown.IgnoredReasons["not_allowed"]);
        // the asker closes the poll for the humans, once
        var end = await Tests.Infrastructure.Eventually.WaitAsync(async () => (await DecisionRoom.EndsAsync(room, asked.DecisionId)) is [var e] ? e : null,
            TaskRoom.Timeout, "alpha's m.poll.end");
        Assert.Equal(room.Alpha.UserId, end.Sender);
        Assert.Contains("Decided: no", end.ContentString("body"), StringComparison.Ordinal);
        Assert.Contains("closed", await alpha.OkAsync("decision", "show", asked.DecisionId), StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_direct_mode_a_reaction_answers_and_no_answer_in_time_exits_3()
    {
        await using var room = await TaskRoom.StartAsync(daemons: false);
        using var alpha = room.Cli(room.Alpha); // no daemon: direct REST
        var human = room.Human.UserId.Value;
        var id = (await alpha.OkAsync("ask", "Which region?", "--choices", "eu|us", "--to", human)).Trim();
        Assert.StartsWith("$", id, StringComparison.Ordinal);

        var timedOut = await alpha.RunAsync("decision", "wait", id, "--timeout", "2s");
        Assert.True(timedOut.ExitCode == 3, $"exit {timedOut.ExitCode}: {timedOut.StdErr}");
        Assert.Contains("no answer", timedOut.StdErr, StringComparison.Ordinal);

        var waiting = alpha.RunAsync("decision", "wait", id, "--timeout", "45s", "--json");
        await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromSeconds(3)));
        Assert.False(waiting.IsCompleted, "nothing answered yet");
        await DecisionRoom.ReactAsync(room, id, "2️⃣");
        var result = await waiting;
        Assert.True(result.ExitCode == 0, result.StdErr);
        var waited = DecisionRoom.Waited(result.StdOut);
        Assert.Equal(("us", "reaction", false), (waited.Decision.Answer!.Choice, waited.Decision.Answer.Via, waited.TimedOut));
        Assert.Single(await DecisionRoom.EndsAsync(room, id));

        var bad = await alpha.RunAsync("ask", "Which region?", "--choices", "eu");
        Assert.True(bad.ExitCode == 1, bad.StdErr);
        Assert.Contains("2 to 10 choices", bad.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_task_blocked_on_a_decision_is_in_progress_again_when_the_human_answers_also_across_a_restart()
    {
        await using var room = await TaskRoom.StartAsync();
        using var alpha = room.Cli(room.Alpha, room.AlphaDaemon);
        var human = room.Human.UserId.Value;
        var task = TaskRoom.Moved(await alpha.OkAsync("task", "new", "Ship the release", "--to", room.Alpha.UserId.Value, "--json")).EventId!;
        await alpha.OkAsync("task", "accept", task);
        await alpha.OkAsync("task", "start", task);

        var asked = DecisionRoom.Asked(await alpha.OkAsync("ask", "Ship today?", "--choices", "yes|no", "--to", human, "--task", task, "--json"));
        Assert.Equal(TaskStates.Blocked, asked.Task!.State);
        Assert.Equal([human], asked.Task.WaitingOn);
        await DecisionRoom.VoteAsync(room, asked.DecisionId, "1");
        var resumed = await InProgressAsync(alpha, task, 2);
        Assert.Contains("answered: yes", resumed.History!.Last().Text, StringComparison.Ordinal);

        // blocked again on a second decision, answered while the daemon is down: the restarted daemon resumes it
        using var direct = room.Cli(room.Alpha);
        var second = (await direct.OkAsync("ask", "Tag it v2?", "--choices", "yes|no", "--to", human)).Trim();
        var blocked = TaskRoom.Moved(await alpha.OkAsync("task", "block", task, "--on-decision", second, "--json")).Task!;
        Assert.Equal(TaskStates.Blocked, blocked.State);
        var state = room.AlphaDaemon!.StateDir;
        await room.AlphaDaemon.DisposeAsync();
        room.AlphaDaemon = null;
        await DecisionRoom.VoteAsync(room, second, "2");
        Assert.Equal(TaskStates.Blocked, TaskRoom.Show(await direct.OkAsync("task", "show", task, "--json")).Task.State);
        room.AlphaDaemon = await Tests.Daemon.TestDaemon.StartAsync(room.Server, room.Alpha, room.Room, state);
        var again = await InProgressAsync(direct, task, 3);
        Assert.Contains("answered: no", again.History!.Last().Text, StringComparison.Ordinal);
        Assert.Single(again.History!, h => h.Text?.Contains("answered: no", StringComparison.Ordinal) == true); // once
    }

    /// <summary>The task once it has been resumed <paramref name="times"/> times (in_progress again), as <c>task show</c> reads it.</summary>
    private static Task<TaskView> InProgressAsync(Tests.Cli.Cchat cli, string task, int times) =>
        Tests.Infrastructure.Eventually.WaitAsync(async () =>
        {
            var t = TaskRoom.Show(await cli.OkAsync("task", "show", task, "--json")).Task;
            return t.State == TaskStates.InProgress && t.History!.Count(h => h.State == TaskStates.InProgress && h.Applied) == times ? t : null;
        }, TaskRoom.Timeout, $"task {task} in progress again ({times})");
}
