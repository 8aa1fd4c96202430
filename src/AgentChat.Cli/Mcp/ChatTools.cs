using System.Text.Json;
using AgentChat.Cli.Agent;
using AgentChat.Cli.Commands;
using AgentChat.Configuration;
using AgentChat.Gateway;
using AgentChat.Verbs;
using ModelContextProtocol.Protocol;

namespace AgentChat.Cli.Mcp;

/// <summary>Runs the MCP tools on the same <see cref="AgentService"/> as the CLI verbs; failures become tool errors.</summary>
internal sealed class ChatTools(AgentService agent, string configSource, TextWriter log, Channel.CchatChannel? channel = null)
{
    public async ValueTask<CallToolResult> CallAsync(CallToolRequestParams? request, CancellationToken ct)
    {
        var args = request?.Arguments ?? new Dictionary<string, JsonElement>();
        try
        {
            var text = request?.Name switch
            {
                "send" => JsonSerializer.Serialize(await agent.SendAsync(ToSend(args), ct), CliJsonContext.Default.SendResult),
                "read" => JsonSerializer.Serialize(await agent.ReadAsync(ToRead(args), ct), GatewayJsonContext.Default.ReadResponse),
                "who" => JsonSerializer.Serialize(await agent.WhoAsync(ct), GatewayJsonContext.Default.WhoResponse),
                "status" => JsonSerializer.Serialize(await StatusService.BuildAsync(agent, ct), CliJsonContext.Default.StatusReport),
                "reply" when channel is not null => JsonSerializer.Serialize(await channel.ReplyAsync(args, ct), CliJsonContext.Default.SendResult),
                "sent" => JsonSerializer.Serialize(await new ReceiptsService(agent, TimeProvider.System).SentAsync(
                    args.TryGetValue("pending", out var p) && p.ValueKind == JsonValueKind.True, Math.Clamp(Int(args, "limit") ?? 50, 1, 500), ct), GatewayJsonContext.Default.SentResponse),
                "pending" => JsonSerializer.Serialize(await new ReceiptsService(agent, TimeProvider.System).PendingAsync(ct), GatewayJsonContext.Default.PendingResponse),
                var name when TaskTools.Handles(name) => await new TaskTools(agent).CallAsync(name!, args, ct),
                "search" => await SearchTool.RunAsync(agent.Settings, args, log, ct),
                _ => throw new UsageException($"unknown tool '{request?.Name}': see tools/list for the tools this server has"),
            };
            return new CallToolResult { Content = [new TextContentBlock { Text = text }] };
        }
        catch (Exception e) when (CchatVerb.ExitCodeFor(e, ct) is not null || e is InvalidOperationException or JsonException)
        {
            // Without an account the core's message names only the environment; an MCP user needs every place looked in.
            var message = e is SettingsException && !McpIdentity.HasAccount(agent.Settings)
                ? McpIdentity.NoAccount(agent.Settings, configSource)
                : e.Message;
            await log.WriteLineAsync($"cchat mcp: {request?.Name}: {message}");
            return new CallToolResult { Content = [new TextContentBlock { Text = message }], IsError = true };
        }
    }

    internal static string? Text(IDictionary<string, JsonElement> a, string key) => Str(a, key);

    private static SendRequest ToSend(IDictionary<string, JsonElement> a) => new()
    {
        Text = Str(a, "text") ?? throw new UsageException("send needs text"),
        Kind = Str(a, "kind"),
        To = a.TryGetValue("to", out var to) && to.ValueKind == JsonValueKind.Array
            ? to.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
            : a.TryGetValue("to", out var one) && one.ValueKind == JsonValueKind.String ? [one.GetString()!] : null,
        Thread = Str(a, "thread"),
        ReplyTo = Str(a, "reply_to"),
        Dm = Str(a, "dm"),
        Room = Str(a, "room"),
    };

    private static ReadArgs ToRead(IDictionary<string, JsonElement> a) => new()
    {
        WaitSeconds = Int(a, "wait") is { } w ? Math.Clamp(w, 0, ReadRules.MaxWaitSeconds) : null,
        Limit = Int(a, "limit"),
        Kind = Str(a, "kind"),
        MentionsOnly = a.TryGetValue("mentions_only", out var m) && m.ValueKind == JsonValueKind.True,
        Room = Str(a, "room"),
        Since = Str(a, "since"),
    };

    private static string? Str(IDictionary<string, JsonElement> a, string key) =>
        a.TryGetValue(key, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

    private static int? Int(IDictionary<string, JsonElement> a, string key) =>
        a.TryGetValue(key, out var v) ? v.ValueKind switch
        {
            JsonValueKind.Number when v.TryGetInt32(out var i) => i,
            JsonValueKind.String when int.TryParse(v.GetString(), out var i) => i,
            _ => null,
        } : null;
}
