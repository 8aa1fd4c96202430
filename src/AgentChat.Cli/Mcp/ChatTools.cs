using System.Text.Json;
using AgentChat.Cli.Agent;
using AgentChat.Cli.Contract;
using AgentChat.Cli.Commands;
using AgentChat.Configuration;
using AgentChat.Gateway;
using AgentChat.Verbs;
using ModelContextProtocol.Protocol;
using static AgentChat.Cli.Mcp.ToolArgs;

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
                "reply" when channel is not null => JsonSerializer.Serialize(await ReplyAsync(channel, args, ct), CliJsonContext.Default.SendResult),
                "sent" => JsonSerializer.Serialize(await new ReceiptsService(agent, TimeProvider.System).SentAsync(
                    Flag(args, "pending"), Math.Clamp(Int(args, "limit") ?? 50, 1, 500), ct), GatewayJsonContext.Default.SentResponse),
                "pending" => JsonSerializer.Serialize(await new ReceiptsService(agent, TimeProvider.System).PendingAsync(ct), GatewayJsonContext.Default.PendingResponse),
                var name when TaskTools.Handles(name) => await new TaskTools(agent).CallAsync(name!, args, ct),
                var name when LeaseTools.Handles(name) => await new LeaseTools(agent).CallAsync(name!, args, ct),
                var name when AttachmentTools.Handles(name) => await new AttachmentTools(agent).CallAsync(name!, args, ct),
                var name when Decisions.DecisionTools.Handles(name) => await new Decisions.DecisionTools(agent).CallAsync(name!, args, ct),
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

    /// <summary>The <c>reply</c> tool: answers a pushed message in its room and thread.</summary>
    private static Task<SendResult> ReplyAsync(Channel.CchatChannel channel, IDictionary<string, JsonElement> a, CancellationToken ct) =>
        channel.ReplyAsync(
            Required(a, "event_id", "reply needs event_id: the event_id of the message you answer"),
            Required(a, "text", "reply needs text"),
            Text(a, "kind"), ct);

    private static SendRequest ToSend(IDictionary<string, JsonElement> a) => new()
    {
        Text = Required(a, "text", "send needs text"),
        Kind = Text(a, "kind"),
        To = List(a, "to"),
        Thread = Text(a, "thread"),
        ReplyTo = Text(a, "reply_to"),
        Dm = Text(a, "dm"),
        Room = Text(a, "room"),
    };

    private static ReadArgs ToRead(IDictionary<string, JsonElement> a) => new()
    {
        WaitSeconds = Int(a, "wait") is { } w ? Math.Clamp(w, 0, ReadRules.MaxWaitSeconds) : null,
        Limit = Int(a, "limit"),
        Kind = Text(a, "kind"),
        MentionsOnly = Flag(a, "mentions_only"),
        Room = Text(a, "room"),
        Since = Text(a, "since"),
    };
}
