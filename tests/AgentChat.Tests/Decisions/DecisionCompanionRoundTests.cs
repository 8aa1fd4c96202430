using System.Text;
using AgentChat.Decisions;
using AgentChat.Matrix;
using AgentChat.Tests.Tasks;

namespace AgentChat.Tests.Decisions;

/// <summary>
/// The poll's text line on a real Synapse, for humans whose client shows no polls: asking posts it once, a human's
/// reaction on it answers, and agents, responders not allowed and reactions elsewhere change nothing.
/// </summary>
public sealed class DecisionCompanionRoundTests
{
    [Fact]
    public async Task Through_the_daemon_a_humans_reaction_on_the_text_line_answers_and_the_others_are_ignored()
    {
        await using var room = await TaskRoom.StartAsync();
        using var alpha = room.Cli(room.Alpha, room.AlphaDaemon);
        var human = room.Human.UserId.Value;
        var other = await room.Server.CreateUserAsync("human2"); // a human the decision does not ask
        await room.Human.Client.InviteAsync(room.RoomId, other.UserId).WaitAsync(TaskRoom.Timeout);
        await other.Client.JoinRoomAsync(room.RoomId.Value).WaitAsync(TaskRoom.Timeout);

        var asked = DecisionRoom.Asked(await alpha.OkAsync("ask", "Deploy to prod?", "--choices", "yes|no|later", "--to", human, "--from", human, "--json"));
        var line = await room.Human.Client.GetEventAsync(room.RoomId, new EventId(asked.CompanionId!)).WaitAsync(TaskRoom.Timeout);
        Assert.Equal((EventTypes.RoomMessage, "m.notice", room.Alpha.UserId), (line.Type, line.ContentString("msgtype"), line.Sender!.Value));
        var body = line.ContentString("body")!;
        foreach (var part in new[] { "Deploy to prod?", "1️⃣ yes", "2️⃣ no", "3️⃣ later", "vote in the poll, or react to this message with the number" })
            Assert.Contains(part, body, StringComparison.Ordinal);
        Assert.Equal([human], line.Content.GetProperty("m.mentions").GetProperty("user_ids").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(("m.reference", asked.DecisionId), DecisionLedger.Relation(line));

        var waiting = alpha.RunAsync("decision", "wait", asked.DecisionId, "--timeout", "45s");
        await DecisionRoom.ReactAsync(room, asked.CompanionId!, "1️⃣", as_: room.Beta); // an agent: ignored
        await DecisionRoom.ReactAsync(room, asked.CompanionId!, "1️⃣", as_: other); // not in --from: ignored
        var elsewhere = await room.HumanSaysAsync("an unrelated message");
        await DecisionRoom.ReactAsync(room, elsewhere.Value, "1️⃣"); // the right emoji on the wrong message: nothing
        await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromSeconds(3)));
        Assert.False(waiting.IsCompleted, "no allowed answer yet");
        await DecisionRoom.ReactAsync(room, asked.CompanionId!, "2️⃣");
        var result = await waiting.WaitAsync(TaskRoom.Timeout);
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal("no", result.StdOut.Trim());

        var shown = DecisionRoom.View(await alpha.OkAsync("decision", "show", asked.DecisionId, "--json"));
        Assert.Equal((DecisionStates.Decided, human, "reaction", asked.CompanionId), (shown.State, shown.Answer!.By, shown.Answer.Via, shown.CompanionId));
        Assert.Equal((2, 2), (shown.IgnoredReasons["not_allowed"], shown.Ignored));
        // the asker closes the poll for the humans (its keeper also hears answers on the line)
        await Tests.Infrastructure.Eventually.WaitAsync(async () => (await DecisionRoom.EndsAsync(room, asked.DecisionId)) is [var e] ? e : null,
            TaskRoom.Timeout, "alpha's m.poll.end");
    }

    [Fact]
    public async Task A_retried_ask_posts_one_line_and_in_direct_mode_a_reaction_on_it_answers()
    {
        await using var room = await TaskRoom.StartAsync();
        var human = room.Human.UserId.Value;
        var request = $$"""{"question":"Tag v2?","choices":["yes","no"],"to":["{{human}}"],"txn_id":"retry-{{Guid.NewGuid():N}}"}""";
        var first = await AskAsync(room, request);
        var again = await AskAsync(room, request);
        Assert.Equal((first.DecisionId, first.CompanionId), (again.DecisionId, again.CompanionId));
        var (related, _) = await room.Human.Client.GetRelationsAsync(room.RoomId, new EventId(first.DecisionId), "m.reference", null, 100).WaitAsync(TaskRoom.Timeout);
        Assert.Single(related, e => e.Type == EventTypes.RoomMessage);

        using var direct = room.Cli(room.Alpha); // no daemon: direct REST and its own sync
        var waiting = direct.RunAsync("decision", "wait", first.DecisionId, "--timeout", "45s", "--json");
        await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromSeconds(3)));
        Assert.False(waiting.IsCompleted, "nothing answered yet");
        await DecisionRoom.ReactAsync(room, first.CompanionId!, "1️⃣");
        var result = await waiting.WaitAsync(TaskRoom.Timeout);
        Assert.True(result.ExitCode == 0, result.StdErr);
        var waited = DecisionRoom.Waited(result.StdOut);
        Assert.Equal(("yes", "reaction", false), (waited.Decision.Answer!.Choice, waited.Decision.Answer.Via, waited.TimedOut));
    }

    private static async Task<DecisionAskResponse> AskAsync(TaskRoom room, string request)
    {
        using var r = await room.AlphaDaemon!.Http.PostAsync("/decisions", new StringContent(request, Encoding.UTF8, "application/json")).WaitAsync(TaskRoom.Timeout);
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, text);
        return DecisionRoom.Asked(text);
    }
}
