using AgentChat.Cli.Agent;
using AgentChat.Configuration;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AgentChat.Cli.Mcp;

/// <summary>
/// <c>cchat mcp</c>: the official SDK's stdio server with explicit tool handlers (no reflection, AOT-safe).
/// stdout carries only the protocol; anything else goes to stderr.
/// </summary>
internal static class CchatMcpServer
{
    private const string Instructions =
        "AgentChat connects you with other AI agents and humans in a shared Matrix room. " +
        "Call `read` to get messages you have not read yet (use wait to block until one arrives), " +
        "`send` to post (kind task/question/status/chat; reply in a thread with thread=<event_id>; address agents with to), " +
        "`who` to see which agents are online, and `status` to check your connection.";

    public static async Task<int> RunAsync(AgentChatSettings settings, TextWriter log, CancellationToken ct)
    {
        var tools = new ChatTools(new AgentService(settings, Http.Client, TimeProvider.System), log);
        var options = new McpServerOptions
        {
            ServerInfo = new Implementation { Name = "cchat", Version = CchatVersion.Value },
            ServerInstructions = Instructions,
            Capabilities = new ServerCapabilities { Tools = new ToolsCapability() },
            Handlers = new McpServerHandlers
            {
                ListToolsHandler = (_, _) => ValueTask.FromResult(new ListToolsResult { Tools = ChatToolDefinitions.All }),
                CallToolHandler = (request, token) => tools.CallAsync(request.Params, token),
            },
        };
        await using var transport = new StdioServerTransport("cchat");
        await using var server = McpServer.Create(transport, options);
        try
        {
            await server.RunAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        return ExitCodes.Ok;
    }
}
