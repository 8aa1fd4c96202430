using System.Security.Cryptography;
using System.Text.Json;
using AgentChat.Tests.Cli;
using AgentChat.Tests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentChat.Tests.Attachments;

/// <summary><c>send_file</c> and <c>fetch_file</c> over <c>cchat mcp</c>, driven by the official SDK's client: a path and base64, both ways.</summary>
public sealed class AttachmentMcpTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static async Task<McpClient> StartAsync(Cchat cchat, CancellationToken ct) =>
        await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "cchat", Command = Cchat.Binary, Arguments = ["mcp"], EnvironmentVariables = cchat.Env, ShutdownTimeout = TimeSpan.FromSeconds(5),
        }), cancellationToken: ct);

    private static async Task<JsonElement> CallAsync(McpClient client, string tool, string argumentsJson, CancellationToken ct) =>
        JsonDocument.Parse(await CallTextAsync(client, tool, argumentsJson, ct)).RootElement.Clone();

    private static string Q(string s) => "\"" + JsonEncodedText.Encode(s) + "\"";

    private static async Task<string> CallTextAsync(McpClient client, string tool, string argumentsJson, CancellationToken ct)
    {
        var args = JsonSerializer.Deserialize(argumentsJson, CliTestJsonContext.Default.DictionaryStringJsonElement)!;
        var result = await client.CallToolAsync(new CallToolRequestParams { Name = tool, Arguments = args }, ct).AsTask().WaitAsync(Timeout);
        var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));
        Assert.True(result.IsError != true, text);
        return text;
    }

    [Fact]
    public async Task A_file_goes_over_MCP_by_path_and_by_base64_and_comes_back_both_ways()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        using var a = Cchat.For(server, alice, room);
        using var b = Cchat.For(server, bob, room);
        await using var mcpA = await StartAsync(a, cts.Token).WaitAsync(Timeout);
        await using var mcpB = await StartAsync(b, cts.Token).WaitAsync(Timeout);

        var bytes = RandomNumberGenerator.GetBytes(300_000);
        var path = Path.Combine(a.Root, "trace.json");
        await File.WriteAllBytesAsync(path, bytes);
        var byPath = await CallAsync(mcpA, "send_file", $$"""{"path": {{Q(path)}}, "text": "the trace", "kind": "question"}""", cts.Token);
        Assert.Equal("application/json", byPath.GetProperty("mimetype").GetString());
        var first = byPath.GetProperty("event_id").GetString()!;

        var inline = await CallAsync(mcpB, "fetch_file", $$"""{"event_id": "{{first}}"}""", cts.Token);
        Assert.Equal("trace.json", inline.GetProperty("name").GetString());
        Assert.Equal(bytes, Convert.FromBase64String(inline.GetProperty("content_base64").GetString()!));

        var small = "hello, file"u8.ToArray();
        var byBase64 = await CallAsync(mcpB, "send_file",
            $$"""{"content_base64": "{{Convert.ToBase64String(small)}}", "filename": "note.txt", "to": ["{{alice.UserId.Localpart}}"]}""", cts.Token);
        var dir = Directory.CreateDirectory(Path.Combine(a.Root, "got")).FullName;
        var written = await CallAsync(mcpA, "fetch_file",
            $$"""{"event_id": "{{byBase64.GetProperty("event_id").GetString()}}", "path": {{Q(dir)}}}""", cts.Token);
        Assert.Equal(Path.Combine(dir, "note.txt"), written.GetProperty("path").GetString());
        Assert.Equal(small, await File.ReadAllBytesAsync(Path.Combine(dir, "note.txt")));

        var read = CliJson.Read(await CallTextAsync(mcpA, "read", "{}", cts.Token));
        var listed = Assert.Single(read.Messages, m => m.Attachment?.Name == "note.txt").Attachment!;
        Assert.Equal((11L, "text/plain"), (listed.Size, listed.Mimetype));
    }
}
