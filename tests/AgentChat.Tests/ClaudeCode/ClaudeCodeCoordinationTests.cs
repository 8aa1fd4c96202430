using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentChat.Matrix;
using AgentChat.Tests.Cli;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.ClaudeCode;

/// <summary>
/// The coordination tools (docs/leases.md, docs/attachments.md, docs/decisions.md) as the real Claude Code calls them
/// through <c>cchat mcp</c>: one <c>claude -p</c> run in which the scripted model takes a lease, lists it, sends a file by
/// path, asks a decision that beta answers with a raw <c>m.poll.response</c>, waits for it and releases the lease. What
/// reaches Synapse is read with beta's account; what comes back is read from the tool results the stand-in receives.
/// </summary>
public sealed class ClaudeCodeCoordinationTests
{
    [Fact]
    public async Task The_model_takes_a_lease_sends_a_file_and_gets_a_decision_answered()
    {
        Assert.True(File.Exists(ClaudeCodeInstall.Executable));
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        var roomId = await bob.Client.JoinRoomAsync(room).WaitAsync(StandInModel.Timeout);
        await using var model = await StandInModel.StartAsync();
        await using var home = ClaudeHome.Create(server, alice, room, model);
        await home.AddMcpServerAsync();
        home.MergeSettings("""{"permissions":{"allow":["mcp__cchat"]}}""");

        var file = Path.Combine(home.Root, $"build-{Guid.NewGuid():N}.log");
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 40).Select(i => $"step {i}: ok\n")));
        await File.WriteAllBytesAsync(file, bytes);
        var reason = $"rewriting the parser {Guid.NewGuid():N}";
        var question = $"Deploy build {Guid.NewGuid():N} to prod?";
        JsonElement? heldState = null;

        model.Script(ModelTurn.Call("mcp__cchat__lease_take", new JsonObject
        {
            ["patterns"] = new JsonArray("src/Parser/**"), ["ttl"] = "10m", ["reason"] = reason,
        }.ToJsonString()));
        model.Script(async _ => // the lease is taken: its state event is in the room now
        {
            heldState = await bob.Client.GetStateAsync(roomId, "com.aiagentchat.lease", alice.UserId.Value).WaitAsync(StandInModel.Timeout);
            return ModelTurn.Call("mcp__cchat__lease_list", "{}");
        });
        model.Script(ModelTurn.Call("mcp__cchat__send_file", new JsonObject { ["path"] = file, ["text"] = "the build log" }.ToJsonString()));
        model.Script(ModelTurn.Call("mcp__cchat__decision_ask", new JsonObject
        {
            ["question"] = question, ["choices"] = new JsonArray("yes", "no", "later"),
            ["to"] = new JsonArray(bob.UserId.Value), ["from"] = new JsonArray(bob.UserId.Value), ["timeout"] = "10m",
        }.ToJsonString()));
        model.Script(r => Task.FromResult(ModelTurn.Call("mcp__cchat__decision_wait",
            new JsonObject { ["id"] = DecisionId(r), ["timeout_seconds"] = 60 }.ToJsonString())));
        model.Script(ModelTurn.Call("mcp__cchat__lease_release", """{"patterns":["src/Parser/**"]}"""));
        model.Script(ModelTurn.Say("Deployed: beta said later."));

        var run = home.PrintAsync("Take a lease on the parser, share the build log, ask beta whether to deploy, then release the lease.");

        // lease_take: the holder's state event carries the lease with its reason; lease_list shows it.
        var listed = await model.WaitForAsync(r => r.Main && r.ToolResults.Any(t => t.Contains("\"leases\"", StringComparison.Ordinal) && !t.Contains("\"lease\":", StringComparison.Ordinal)), "lease_list's result");
        Assert.Contains(reason, listed.ToolResults[0], StringComparison.Ordinal);
        var held = Assert.IsType<JsonElement>(heldState);
        var lease = held.GetProperty("leases")[0];
        Assert.Equal(alice.UserId.Value, held.GetProperty("user_id").GetString());
        Assert.Equal(("src/Parser/**", "exclusive", reason), (lease.GetProperty("patterns")[0].GetString(), lease.GetProperty("mode").GetString(), lease.GetProperty("reason").GetString()));

        var notice = await RoomHistory.WaitForAsync(bob, room, alice.UserId, "took an exclusive lease"); // direct mode: the notice at once
        Assert.Equal("m.notice", notice.Content.GetProperty("msgtype").GetString());

        // send_file: an m.file event from alice with the file's name and exact size.
        var sentFile = await RoomHistory.WaitForAsync(bob, room, alice.UserId, "the build log");
        Assert.Equal("m.file", sentFile.Content.GetProperty("msgtype").GetString());
        Assert.Equal(Path.GetFileName(file), sentFile.Content.GetProperty("filename").GetString());
        Assert.Equal(bytes.Length, sentFile.Content.GetProperty("info").GetProperty("size").GetInt64());
        Assert.StartsWith("mxc://", sentFile.Content.GetProperty("url").GetString(), StringComparison.Ordinal);

        // decision_ask: a poll from alice with the three choices; beta answers "later" as any client would.
        var asked = await model.WaitForAsync(r => r.Main && r.ToolResults.Any(t => t.Contains("decision_id", StringComparison.Ordinal)), "decision_ask's result");
        var pollId = DecisionId(asked);
        var poll = await Eventually.WaitAsync(async () =>
            (await bob.Client.GetMessagesAsync(roomId, null, Direction.Backward, 50).WaitAsync(StandInModel.Timeout)).Chunk
                .FirstOrDefault(e => e.Type == EventTypes.PollStart && e.EventId?.Value == pollId), StandInModel.Timeout, "the poll in the room");
        Assert.Equal(alice.UserId, poll.Sender);
        var answers = poll.Content.GetProperty("m.poll").GetProperty("answers");
        Assert.Equal(["yes", "no", "later"], answers.EnumerateArray().Select(a => a.GetProperty("m.text")[0].GetProperty("body").GetString()));
        Assert.Contains(question, poll.Content.GetProperty("m.poll").GetProperty("question").GetRawText(), StringComparison.Ordinal);
        var later = answers[2].GetProperty("m.id").GetString();
        await bob.Client.SendEventAsync(roomId, EventTypes.PollResponse,
            Encoding.UTF8.GetBytes($$"""{"m.relates_to":{"rel_type":"m.reference","event_id":"{{pollId}}"},"m.selections":["{{later}}"]}"""),
            "vote" + Guid.NewGuid().ToString("N")).WaitAsync(StandInModel.Timeout);

        // decision_wait returns beta's answer to the model.
        var waited = await model.WaitForAsync(r => r.Main && r.ToolResults.Any(t => t.Contains("timed_out", StringComparison.Ordinal)), "decision_wait's result");
        using (var doc = JsonDocument.Parse(Json(waited)))
        {
            Assert.False(doc.RootElement.GetProperty("timed_out").GetBoolean());
            var answer = doc.RootElement.GetProperty("decision").GetProperty("answer");
            Assert.Equal(("later", bob.UserId.Value), (answer.GetProperty("choice").GetString(), answer.GetProperty("by").GetString()));
        }

        // lease_release: the state event no longer holds it.
        Assert.Contains("Deployed: beta said later.", await run, StringComparison.Ordinal);
        var released = await bob.Client.GetStateAsync(roomId, "com.aiagentchat.lease", alice.UserId.Value).WaitAsync(StandInModel.Timeout);
        Assert.Equal(0, released.GetProperty("leases").GetArrayLength());
        Assert.Empty(model.Failures);
        Assert.Equal(7, model.MainRequests.Count); // the prompt, then one per tool result
    }

    /// <summary>The decision id in the last tool result (decision_ask's JSON).</summary>
    private static string DecisionId(ModelRequest r)
    {
        using var doc = JsonDocument.Parse(Json(r));
        return doc.RootElement.GetProperty("decision_id").GetString()!;
    }

    /// <summary>The JSON object a cchat tool returned, among the strings of the request's tool_result block (type, id, text).</summary>
    private static string Json(ModelRequest r)
    {
        var text = r.ToolResults[0];
        var (start, end) = (text.IndexOf('{', StringComparison.Ordinal), text.LastIndexOf('}'));
        Assert.True(start >= 0 && end > start, $"no JSON in the tool result: {text}");
        return text[start..(end + 1)];
    }
}
