namespace AgentChat.Bridge.Claude;

/// <summary>One stdio MCP server: the command, its arguments, and the environment Claude Code gives it.</summary>
internal sealed record McpServerEntry(string Type, string Command, IReadOnlyList<string> Args, Dictionary<string, string>? Env);
