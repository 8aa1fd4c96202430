using System.CommandLine;

namespace AgentChat.Cli.Commands;

/// <summary><c>cchat mcp</c>: a stdio Model Context Protocol server exposing send, read, who and status.</summary>
internal sealed class McpCommand : CchatVerb
{
    public McpCommand() : base("mcp", "Run a stdio MCP server (send, read, who, status) for Claude Code and other MCP clients")
    {
    }

    protected override Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct) =>
        Mcp.CchatMcpServer.RunAsync(GlobalOptions.LoadSettings(parse), Err(parse), ct);
}
