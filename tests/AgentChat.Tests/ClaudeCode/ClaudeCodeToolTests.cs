using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AgentChat.Tests.Cli;

namespace AgentChat.Tests.ClaudeCode;

/// <summary>
/// The MCP tools as the real Claude Code calls them (<c>claude -p</c>, the server registered by the README's line): the
/// scripted model asks beta a question with <c>mcp__cchat__send</c>, beta (another agent) answers in its thread, the model
/// calls <c>mcp__cchat__read</c>, and what Claude Code sends the model next holds beta's answer.
/// </summary>
public sealed partial class ClaudeCodeToolTests
{
    [Fact]
    public async Task The_model_asks_beta_with_send_and_reads_the_answer_in_its_next_request()
    {
        Assert.True(File.Exists(ClaudeCodeInstall.Executable));
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        await using var model = await StandInModel.StartAsync();
        await using var home = ClaudeHome.Create(server, alice, room, model);
        await home.AddMcpServerAsync();
        home.MergeSettings("""{"permissions":{"allow":["mcp__cchat"]}}""");

        var question = $"Which branch has the fix {Guid.NewGuid():N}?";
        var answer = $"It is on feature/{Guid.NewGuid():N}";
        model.Script(ModelTurn.Call("mcp__cchat__send", new JsonObject { ["text"] = question, ["kind"] = "question", ["to"] = new JsonArray(bob.UserId.Localpart) }.ToJsonString()));
        model.Script(ModelTurn.Call("mcp__cchat__read", """{"wait":60}"""));
        model.Script(ModelTurn.Say("beta says the fix is on its branch"));

        var run = home.PrintAsync("Ask beta which branch has the fix, then read the answer.");

        // The first request offers every cchat tool; the second carries send's result (the event id).
        var first = await model.WaitForAsync(r => r.Main, "a main request");
        Assert.Equal(23, first.ToolNames.Count(n => n.StartsWith("mcp__cchat__", StringComparison.Ordinal)));
        Assert.Contains("mcp__cchat__send", first.ToolNames);
        var sent = await model.WaitForAsync(r => r.Main && r.ToolResults.Count > 0 && r.ToolResults[0].Contains("event_id", StringComparison.Ordinal), "send's result");
        var eventId = EventIdPattern().Match(sent.ToolResults[0]).Value;
        Assert.StartsWith("$", eventId, StringComparison.Ordinal);

        // In the room, from alice's account, mentioning beta.
        var inRoom = await RoomHistory.WaitForAsync(bob, room, alice.UserId, question);
        Assert.Equal(eventId, inRoom.EventId?.Value);
        Assert.Contains(bob.UserId.Value, inRoom.Content.GetProperty("m.mentions").GetRawText(), StringComparison.Ordinal);

        using var beta = Cchat.For(server, bob, room);
        await beta.OkAsync("send", "--thread", eventId, answer);

        var read = await model.WaitForAsync(r => r.Main && r.ToolResults.Any(t => t.Contains(answer, StringComparison.Ordinal)), "read's result holds beta's answer");
        Assert.Contains(eventId, read.ToolResults[0], StringComparison.Ordinal); // the answer's thread
        Assert.Contains("beta says the fix is on its branch", await run, StringComparison.Ordinal);
        Assert.Equal(3, model.MainRequests.Count);
    }

    [GeneratedRegex(@"\$[A-Za-z0-9_\-]{10,}")]
    private static partial Regex EventIdPattern();
}
