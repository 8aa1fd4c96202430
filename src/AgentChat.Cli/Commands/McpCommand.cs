using System.CommandLine;
using AgentChat.Cli.Mcp;

namespace AgentChat.Cli.Commands;

/// <summary>
/// <c>cchat mcp</c>: a stdio Model Context Protocol server exposing send, read, who and status. MCP clients pass
/// little or no environment but always pass args, so everything it needs can be given as flags.
/// </summary>
internal sealed class McpCommand : CchatVerb
{
    private readonly Option<string?> _room = new("--room") { Description = "Shared room alias or id (env AGENTCHAT_ROOM; default #aichat:<server>)" };
    private readonly Option<bool> _printConfig = new("--print-config")
    {
        Description = "Print a ready .mcp.json entry for this identity (absolute binary path, args) instead of serving",
    };
    private readonly Option<string> _scope = new("--scope")
    {
        Description = "With --print-config: where the entry goes, project (.mcp.json) or user (all your projects)",
        DefaultValueFactory = _ => McpConfigPrinter.ProjectScope,
    };

    public McpCommand() : base("mcp", "Run a stdio MCP server (send, read, who, status) for Claude Code and other MCP clients")
    {
        _scope.AcceptOnlyFromAmong(McpConfigPrinter.ProjectScope, McpConfigPrinter.UserScope);
        Add(_room);
        Add(_printConfig);
        Add(_scope);
    }

    protected override Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var settings = Settings(parse, ("room", parse.GetValue(_room)));
        var configSource = McpIdentity.ConfigSource(parse.GetValue(GlobalOptions.Config), settings);
        if (!parse.GetValue(_printConfig) && parse.GetResult(_scope) is { Implicit: false })
            throw new UsageException("--scope only goes with --print-config (cchat mcp --print-config --scope user)");
        if (parse.GetValue(_printConfig))
            return McpConfigPrinter.PrintAsync(settings, configSource, parse.GetValue(_scope)!, Out(parse), Err(parse), ct);
        return CchatMcpServer.RunAsync(settings, configSource, Err(parse), ct);
    }
}
