using System.Net;
using System.Text;
using System.Text.Json;
using AgentChat.Tests.Cli;
using AgentChat.Tests.Tasks;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentChat.Tests.Decisions;

/// <summary>The decision tools through a real MCP client, and the gateway's answers to bad input.</summary>
public sealed class DecisionMcpTests
{
    [Fact]
    public async Task The_mcp_tools_ask_and_wait_for_a_human()
    {
        await using var room = await TaskRoom.StartAsync(daemons: false);
        using var alpha = room.Cli(room.Alpha);
        await using var mcp = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "cchat", Command = Cchat.Binary, Arguments = ["mcp"], EnvironmentVariables = alpha.Env, ShutdownTimeout = TimeSpan.FromSeconds(5),
        })).WaitAsync(TaskRoom.Timeout);
        var asked = await CallAsync(mcp, "decision_ask", new()
        {
            ["question"] = Json("\"Rotate the keys now?\""), ["choices"] = Json("""["now","tonight"]"""), ["to"] = Json($"[\"{room.Human.UserId.Value}\"]"),
        });
        var id = DecisionRoom.Asked(asked).DecisionId;

        var early = DecisionRoom.Waited(await CallAsync(mcp, "decision_wait", new() { ["id"] = Json($"\"{id}\""), ["timeout_seconds"] = Json("1") }));
        Assert.True(early.TimedOut);
        await DecisionRoom.VoteAsync(room, id, "2");
        var waited = DecisionRoom.Waited(await CallAsync(mcp, "decision_wait", new() { ["id"] = Json($"\"{id}\""), ["timeout_seconds"] = Json("40") }));
        Assert.Equal(("tonight", false), (waited.Decision.Answer!.Choice, waited.TimedOut));
        var shown = DecisionRoom.View(await CallAsync(mcp, "decision_show", new() { ["id"] = Json($"\"{id}\"") }));
        Assert.Equal(room.Human.UserId.Value, shown.Answer!.By);
    }

    [Fact]
    public async Task The_gateway_refuses_bad_input_clearly_and_stays_healthy()
    {
        await using var room = await TaskRoom.StartAsync();
        var http = room.AlphaDaemon!.Http;
        foreach (var (body, status, code) in new[]
                 {
                     ("""{"question":"Q?","choices":["only"]}""", HttpStatusCode.BadRequest, "bad_choices"),
                     ("""{"question":"","choices":["a","b"]}""", HttpStatusCode.BadRequest, "empty_question"),
                     ("""{"question":"Q?","choices":["a","b"],"timeout":"forever"}""", HttpStatusCode.BadRequest, "bad_timeout"),
                     ("""{"question":"Q?","choices":["a","b"],"to":["nobody-at-all"]}""", HttpStatusCode.NotFound, "unknown_recipient"),
                     ("""{"question":"Q?","choices":"a|b","extra":1}""", HttpStatusCode.BadRequest, "bad_json"),
                 })
        {
            using var r = await http.PostAsync("/decisions", new StringContent(body, Encoding.UTF8, "application/json")).WaitAsync(TaskRoom.Timeout);
            var text = await r.Content.ReadAsStringAsync();
            Assert.True(r.StatusCode == status, $"{body} → {(int)r.StatusCode} {text}");
            Assert.Contains($"\"code\":\"{code}\"", text, StringComparison.Ordinal);
        }
        var task = await room.HumanSaysAsync("not a poll");
        using (var notPoll = await http.GetAsync($"/decisions/{Uri.EscapeDataString(task.Value)}").WaitAsync(TaskRoom.Timeout))
            Assert.Equal(HttpStatusCode.NotFound, notPoll.StatusCode);
        using (var badWait = await http.GetAsync("/decisions/%24x/wait?timeout=9999").WaitAsync(TaskRoom.Timeout))
            Assert.Equal(HttpStatusCode.BadRequest, badWait.StatusCode);
        await room.AlphaDaemon.WaitHealthyAsync();
    }

    private static async Task<string> CallAsync(McpClient mcp, string tool, Dictionary<string, JsonElement> args)
    {
        var result = await mcp.CallToolAsync(new CallToolRequestParams { Name = tool, Arguments = args }).AsTask().WaitAsync(TaskRoom.Timeout);
        var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));
        Assert.True(result.IsError != true, text);
        return text;
    }

    private static JsonElement Json(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }
}
