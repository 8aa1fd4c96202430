using System.Text.Json;
using AgentChat.Tests.Cli;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentChat.Tests.Leases;

/// <summary>The lease tools of <c>cchat mcp</c>, driven by the official SDK's client over stdio (direct mode: no daemon).</summary>
public sealed class LeaseMcpTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_lease_tools_take_check_refuse_and_release()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        using var a = Cchat.For(server, alice, room);
        using var b = Cchat.For(server, bob, room);
        await using var mcpA = await StartAsync(a, cts.Token).WaitAsync(Timeout);
        await using var mcpB = await StartAsync(b, cts.Token).WaitAsync(Timeout);

        var taken = await CallAsync(mcpA, "lease_take", """{"patterns":["mcp/**"],"ttl":"10m","reason":"over MCP"}""", cts.Token);
        Assert.True(taken.IsError != true, Text(taken)); // null when it worked
        using (var doc = JsonDocument.Parse(Text(taken)))
            Assert.Equal(alice.UserId.Value, doc.RootElement.GetProperty("lease").GetProperty("holder").GetString());

        var refused = await CallAsync(mcpB, "lease_take", """{"patterns":["mcp/a.cs"]}""", cts.Token);
        Assert.True(refused.IsError);
        Assert.Contains(alice.UserId.Value, Text(refused), StringComparison.Ordinal);

        var check = await CallAsync(mcpB, "lease_check", """{"paths":["mcp/a.cs","free.md"]}""", cts.Token);
        using (var doc = JsonDocument.Parse(Text(check)))
        {
            Assert.True(doc.RootElement.GetProperty("blocked").GetBoolean());
            Assert.False(doc.RootElement.GetProperty("paths")[1].GetProperty("blocked").GetBoolean());
        }

        var released = await CallAsync(mcpA, "lease_release", """{"all":true}""", cts.Token);
        using (var doc = JsonDocument.Parse(Text(released)))
            Assert.Equal("mcp/**", doc.RootElement.GetProperty("released")[0].GetProperty("patterns")[0].GetString());
        var list = await CallAsync(mcpB, "lease_list", "{}", cts.Token);
        Assert.DoesNotContain("mcp/**", Text(list), StringComparison.Ordinal);
        Assert.True((await CallAsync(mcpB, "lease_check", "{}", cts.Token)).IsError); // paths missing: an error, the server goes on
    }

    private static async Task<McpClient> StartAsync(Cchat cchat, CancellationToken ct) =>
        await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "cchat", Command = Cchat.Binary, Arguments = ["mcp"], EnvironmentVariables = cchat.Env, ShutdownTimeout = TimeSpan.FromSeconds(5),
        }), cancellationToken: ct);

    private static async Task<CallToolResult> CallAsync(McpClient client, string tool, string argumentsJson, CancellationToken ct)
    {
        var args = JsonSerializer.Deserialize(argumentsJson, CliTestJsonContext.Default.DictionaryStringJsonElement)!;
        return await client.CallToolAsync(new CallToolRequestParams { Name = tool, Arguments = args }, ct).AsTask().WaitAsync(Timeout);
    }

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));
}
