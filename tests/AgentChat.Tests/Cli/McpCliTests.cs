using System.Text.Json;
using AgentChat.Tests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentChat.Tests.Cli;

/// <summary><c>cchat mcp</c> driven by the official SDK's client over stdio, as Claude Code would.</summary>
public sealed class McpCliTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static async Task<McpClient> StartAsync(Cchat cchat, CancellationToken ct)
    {
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "cchat",
            Command = Cchat.Binary,
            Arguments = ["mcp"],
            EnvironmentVariables = cchat.Env,
            ShutdownTimeout = TimeSpan.FromSeconds(5),
        });
        return await McpClient.CreateAsync(transport, cancellationToken: ct);
    }

    private static CallToolRequestParams Call(string tool, string argumentsJson)
    {
        var args = JsonSerializer.Deserialize(argumentsJson, CliTestJsonContext.Default.DictionaryStringJsonElement)!;
        return new CallToolRequestParams { Name = tool, Arguments = args };
    }

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));

    [Fact]
    public async Task Lists_the_tools_then_sends_and_reads_through_them()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var server = await SynapseServer.GetAsync().WaitAsync(TimeSpan.FromMinutes(8));
        var alice = await server.CreateUserAsync("alice");
        var bob = await server.CreateUserAsync("bob");
        var room = CliJson.RandomRoom(server.ServerName);
        using var a = Cchat.For(server, alice, room);
        using var b = Cchat.For(server, bob, room);
        await a.OkAsync("setup", "--invite", bob.UserId.Value);

        await using var mcpA = await StartAsync(a, cts.Token).WaitAsync(Timeout);
        await using var mcpB = await StartAsync(b, cts.Token).WaitAsync(Timeout);

        var tools = await mcpA.ListToolsAsync(cancellationToken: cts.Token).AsTask().WaitAsync(Timeout);
        Assert.Equal(["decision_ask", "decision_show", "decision_wait", "fetch_file", "lease_check", "lease_list", "lease_release", "lease_take", "pending", "read", "reply", "search", "send", "send_file", "sent", "status", "task_list", "task_move", "task_new", "task_show", "thread", "threads", "who"], tools.Select(t => t.Name).Order());
        Assert.All(tools, t => Assert.False(string.IsNullOrWhiteSpace(t.Description)));

        var sent = await mcpA.CallToolAsync(Call("send", $$"""{"text": "hello over MCP", "kind": "question", "to": ["{{bob.UserId.Localpart}}"]}"""), cts.Token).AsTask().WaitAsync(Timeout);
        Assert.True(sent.IsError != true, Text(sent));
        var eventId = JsonDocument.Parse(Text(sent)).RootElement.GetProperty("event_id").GetString();

        var read = await mcpB.CallToolAsync(Call("read", """{"wait": 10}"""), cts.Token).AsTask().WaitAsync(Timeout);
        Assert.True(read.IsError != true, Text(read));
        var message = Assert.Single(CliJson.Read(Text(read)).Messages);
        Assert.Equal("hello over MCP", message.Text);
        Assert.Equal("question", message.Kind);
        Assert.Equal(eventId, message.EventId);

        var again = await mcpB.CallToolAsync(Call("read", "{}"), cts.Token).AsTask().WaitAsync(Timeout);
        Assert.Empty(CliJson.Read(Text(again)).Messages);

        var who = await mcpB.CallToolAsync(Call("who", "{}"), cts.Token).AsTask().WaitAsync(Timeout);
        Assert.Contains(CliJson.Who(Text(who)).Instances, i => i.UserId == alice.UserId.Value);

        var status = await mcpA.CallToolAsync(Call("status", "{}"), cts.Token).AsTask().WaitAsync(Timeout);
        Assert.DoesNotContain(alice.AccessToken, Text(status), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_tool_call_is_a_tool_error_not_a_crash()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var server = await SynapseServer.GetAsync().WaitAsync(TimeSpan.FromMinutes(8));
        var alice = await server.CreateUserAsync("alice");
        using var a = Cchat.For(server, alice, CliJson.RandomRoom(server.ServerName));
        await using var mcp = await StartAsync(a, cts.Token).WaitAsync(Timeout);

        var result = await mcp.CallToolAsync(Call("send", """{"text": "nobody set up this room"}"""), cts.Token).AsTask().WaitAsync(Timeout);
        Assert.True(result.IsError);
        Assert.Contains("cchat setup", Text(result), StringComparison.Ordinal);

        var missing = await mcp.CallToolAsync(Call("send", "{}"), cts.Token).AsTask().WaitAsync(Timeout);
        Assert.True(missing.IsError);
        // Still serving.
        var tools = await mcp.ListToolsAsync(cancellationToken: cts.Token).AsTask().WaitAsync(Timeout);
        Assert.Contains(tools, t => t.Name == "send");
        Assert.Contains(tools, t => t.Name == "sent");
    }
}
