using System.Text.Json.Serialization;

namespace AgentChat.Bridge.Claude;

/// <summary>The file given to <c>claude --mcp-config</c>: one server, <c>cchat</c>, serving the bridge's own identity.</summary>
internal sealed record McpConfig([property: JsonPropertyName("mcpServers")] Dictionary<string, McpServerEntry> McpServers);
