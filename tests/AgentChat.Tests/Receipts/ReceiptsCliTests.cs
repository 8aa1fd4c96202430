using System.Text.Json;
using AgentChat.Gateway;
using AgentChat.Receipts;
using AgentChat.Tests.Cli;
using AgentChat.Tests.Daemon;
using AgentChat.Tests.Infrastructure;
using AgentChat.Unanswered;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentChat.Tests.Receipts;

/// <summary>The CLI (through the gateway and in direct mode), the gateway and MCP agree on the receipts; the loop guard's refusal in the CLI.</summary>
public sealed class ReceiptsCliTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static SentResponse Sent(string json) => JsonSerializer.Deserialize(json, GatewayJsonContext.Default.SentResponse)!;

    private static string Summary(SentResponse r, string eventId) =>
        r.Messages.Where(m => m.EventId == eventId)
            .Select(m => $"{m.State} {m.Pending} " + string.Join(",", m.Recipients.Select(p => $"{p.UserId}={p.State}/{p.ActedEventId}")))
            .SingleOrDefault() ?? "(missing)";

    [Fact]
    public async Task The_cli_the_gateway_mcp_and_direct_mode_agree_on_the_receipts()
    {
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        await using var a = await TestDaemon.StartAsync(server, alice, room);
        await using var b = await TestDaemon.StartAsync(server, bob, room);
        await Conversation.WaitRegisteredAsync(a, b);

        var question = await a.SendAsync(new SendRequest { Text = "is the cache warm?", Kind = "question", To = [bob.UserId.Value] });
        await Eventually.WaitAsync(async () => (await b.ReadAsync("?wait=5")).Messages.FirstOrDefault(m => m.EventId == question.EventId), Timeout, "bob reads it");
        var answer = await b.SendAsync(new SendRequest { Text = "yes", Thread = question.EventId });
        await Conversation.WaitStateAsync(a, question.EventId, bob.UserId.Value, ReceiptState.Acted);
        var expected = Summary(await Conversation.SentAsync(a), question.EventId);
        Assert.Contains($"{bob.UserId.Value}=acted/{answer.EventId}", expected, StringComparison.Ordinal);

        using var viaGateway = Cchat.For(server, alice, room);
        viaGateway.Env["XDG_RUNTIME_DIR"] = Path.Combine(a.StateDir, "run");
        var cli = Sent(await viaGateway.OkAsync("sent", "--json"));
        Assert.Equal("gateway", cli.Via);
        Assert.Equal(expected, Summary(cli, question.EventId));
        Assert.Contains("acted", await viaGateway.OkAsync("sent"), StringComparison.Ordinal);

        using var direct = Cchat.For(server, alice, room); // no daemon discovered: computed from receipts and history
        var computed = Sent(await direct.OkAsync("sent", "--json"));
        Assert.Equal("direct", computed.Via);
        Assert.Equal(expected, Summary(computed, question.EventId));
        var pending = JsonSerializer.Deserialize(await direct.OkAsync("pending", "--json"), GatewayJsonContext.Default.PendingResponse)!;
        Assert.DoesNotContain(pending.Items, i => i.EventId == question.EventId);

        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var mcp = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "cchat", Command = Cchat.Binary, Arguments = ["mcp"], EnvironmentVariables = viaGateway.Env, ShutdownTimeout = TimeSpan.FromSeconds(5),
        }), cancellationToken: cts.Token).WaitAsync(Timeout);
        var result = await mcp.CallToolAsync(new CallToolRequestParams { Name = "sent", Arguments = new Dictionary<string, JsonElement>() }, cts.Token).AsTask().WaitAsync(Timeout);
        var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(t => t.Text));
        Assert.True(result.IsError != true, text);
        Assert.Equal(expected, Summary(Sent(text), question.EventId));
    }

    [Fact]
    public async Task The_cli_in_direct_mode_stops_at_the_budget_with_exit_2_and_a_clear_line()
    {
        var (server, alice, bob, room) = await CliAgents.TwoAgentsAsync();
        using var a = Cchat.For(server, alice, room);
        using var b = Cchat.For(server, bob, room);
        a.Env["AGENTCHAT_LOOP_BUDGET"] = "2";
        var root = CliJson.Object(await b.OkAsync("send", "a thread to loop in", "--json")).GetProperty("event_id").GetString()!;

        await a.OkAsync("send", "one", "--thread", root);
        var second = CliJson.Object(await a.OkAsync("send", "two", "--thread", root, "--json")).GetProperty("event_id").GetString()!;
        var refused = await a.RunAsync("send", "three", "--thread", root);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("loop guard", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains("human", refused.StdErr, StringComparison.Ordinal);
        Assert.Equal(0, (await a.RunAsync("send", "still reporting", "--kind", "status", "--thread", root)).ExitCode);
        var history = CliJson.Read(await b.OkAsync("read", "--json", "--limit", "50"));
        var mine = history.Messages.Where(m => m.Sender == alice.UserId.Value && m.Kind != "status").ToList();
        Assert.Equal(["one", "two"], mine.Select(m => m.Text));
        Assert.Equal(second, mine[^1].EventId);
        Assert.Single(history.Messages, m => m.Sender == alice.UserId.Value && m.Meta is { } meta && meta.TryGetProperty("notice", out var n) && n.GetString() == "loop_guard");
    }
}
